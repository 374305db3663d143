// The image defaults agree everywhere: package.json's contributed defaults,
// the typed settings and the debug launch host all name the one constant,
// the real Azure ML minimal inference image.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_INFERENCE_IMAGE } from '../../../../src/core/docker/defaultImage';
import { Settings } from '../../../../src/platform/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));

describe('image defaults', () => {
  it('is the real Azure ML image name', () => {
    assert.equal(DEFAULT_INFERENCE_IMAGE, 'mcr.microsoft.com/azureml/minimal-py312-inference:latest');
  });

  it('package.json defaults equal the settings defaults', () => {
    const props = manifest.contributes.configuration.properties ?? Object.assign({}, ...manifest.contributes.configuration.map((c: { properties: object }) => c.properties));
    const settings = new Settings({ get: <T>(_key: string, fallback: T) => fallback });
    assert.equal(props['azuremlDebug.debug.image'].default, settings.debugImage);
    assert.equal(props['azuremlDebug.deploy.baseImage'].default, settings.deployBaseImage);
    const launch = manifest.contributes.debuggers[0].configurationAttributes.launch.properties;
    assert.equal(launch.image.default, DEFAULT_INFERENCE_IMAGE);
    assert.equal(settings.debugImage, DEFAULT_INFERENCE_IMAGE);
  });
});
