// The image of a local deployment as a plan: the layered Dockerfile, its
// build context and the hashes that say which layers an update rebuilds.
import * as assert from 'node:assert/strict';
import { planEnvironment } from '../../../../src/core/deploy/deployEnvironment';
import { changedLayers, deployPlan, dockerQuote, hashesFromLabels, serviceNameFrom, type PlanInput } from '../../../../src/core/deploy/deployPlan';
import { base } from './baseFacts';

describe('deployPlan', () => {
  const input = (over: Partial<PlanInput> = {}): PlanInput => ({
    service: 'sample',
    sourceFolder: '/work/my "app" $HOME',
    configPath: '/work/app/inferenceconfig.json',
    entryScript: 'score.py',
    baseImage: 'azureml-debug/inference:latest',
    environment: planEnvironment([{ name: 'numpy', spec: 'numpy', source: 'pip' }], base, []),
    model: { name: 'model', isFile: false, files: [{ path: 'model.json', data: new TextEncoder().encode('{"bias":1}') }] },
    version: 1,
    ...over,
  });
  it('orders layers from environment to labels, with the Azure ML contract in ENV', () => {
    const p = deployPlan(input());
    const lines = p.dockerfile.split('\n').filter((l) => /^[A-Z]/.test(l)).map((l) => l.split(' ')[0]);
    assert.deepEqual(lines, ['FROM', 'LABEL', 'COPY', 'USER', 'RUN', 'USER', 'COPY', 'ENV', 'LABEL']);
    // Root only for the install step: the image's own user runs the server.
    assert.match(p.dockerfile, /USER root\nRUN \["\/bin\/sh", "\/tmp\/azureml-debug-environment.sh"\]\nUSER dockeruser\n/);
    assert.match(p.dockerfile, /COPY \["model\/", "\/var\/azureml-models\/model\/"\]/);
    assert.equal(p.env.AZUREML_MODEL_DIR, '/var/azureml-models');
    assert.equal(p.env.AZUREML_ENTRY_SCRIPT, 'score.py');
    assert.equal(p.tag, 'azureml-local/sample:1');
    assert.deepEqual(p.files.map((f) => f.path), ['Dockerfile', '.azureml-debug/environment.sh', 'model/model.json']);
    // The source path is escaped so LABEL neither breaks nor expands $HOME.
    assert.ok(p.dockerfile.includes('com.azureml-debug.source="/work/my \\"app\\" \\$HOME"'));
  });
  it('hashes each layer apart: a new model changes only the model hash', () => {
    const a = deployPlan(input());
    const b = deployPlan(input({ version: 2, model: { name: 'model', isFile: false, files: [{ path: 'model.json', data: new TextEncoder().encode('{"bias":2}') }] } }));
    assert.deepEqual(changedLayers(a.hashes, b.hashes), ['model']);
    assert.deepEqual(changedLayers(hashesFromLabels(a.labels), deployPlan(input()).hashes), []);
    const c = deployPlan(input({ environment: planEnvironment([], base, []) }));
    assert.deepEqual(changedLayers(a.hashes, c.hashes), ['environment']);
    assert.ok(!c.dockerfile.includes('RUN'));
    assert.deepEqual(changedLayers(undefined, a.hashes), ['environment', 'model', 'config']);
  });
  it('copies a single-file model and names services safely', () => {
    const p = deployPlan(input({ model: { name: 'clf.pkl', isFile: true, files: [{ path: '', data: new Uint8Array([1]) }] } }));
    assert.match(p.dockerfile, /COPY \["model", "\/var\/azureml-models\/clf\.pkl"\]/);
    assert.equal(serviceNameFrom('My Model (v2)!'), 'my-model-v2');
    assert.equal(serviceNameFrom('---'), '');
    assert.equal(dockerQuote('a\nb'), '"a b"');
  });
});
