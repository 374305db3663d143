// inferenceConfigFiles: the entry script and conda file an inferenceconfig.json
// names, for the sample and for older and broken files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inferenceConfigFiles } from '../../../../src/core/deploy/inferenceConfigFiles';
import { repoRoot } from '../edits/textChecks';

describe('inferenceConfigFiles', () => {
  it('reads the sample deployment', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'sample/inferenceconfig.json'), 'utf8');
    assert.deepEqual(inferenceConfigFiles(text), { entryScript: ['score.py'], condaFile: ['myenv.yml'] });
  });

  it('reads the older condaFile spelling under a sourceDirectory', () => {
    const text = '{ "entryScript": "score.py", "runtime": "python", "condaFile": "env/myenv.yml", "sourceDirectory": "src/" }';
    assert.deepEqual(inferenceConfigFiles(text), { entryScript: ['src/score.py', 'score.py'], condaFile: ['src/env/myenv.yml', 'env/myenv.yml'] });
  });

  it('gives nothing for broken JSON or missing fields', () => {
    assert.deepEqual(inferenceConfigFiles('{ "entryScript": '), { entryScript: [], condaFile: [] });
    assert.deepEqual(inferenceConfigFiles('{}'), { entryScript: [], condaFile: [] });
  });
});
