// How the server's start script ended, read from the container output:
// the exit code runit's finish line names, not runsvdir's own 111.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { containerEnd, endLines } from '../../../../src/core/crash/runitExit';
import { findingMessage } from '../../../../src/platform/findingWording';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/logs', name), 'utf8');

describe('container end: the server\'s exit code behind runsvdir\'s 111', () => {
  // The last lines of a real replica container with AZUREML_DEBUG_PORT set and no package index.
  const exit94 = [
    '2026-11-29T18:41:25,465444999+00:00 - gunicorn/run AZUREML_DEBUG_PORT is set to 5679: checking that debugpy is installed',
    'ERROR: Could not find a version that satisfies the requirement debugpy (from versions: none)',
    'ERROR: No matching distribution found for debugpy',
    '2026-11-29T18:41:25,985422591+00:00 - gunicorn/run debugpy could not be injected into the conda environment',
    '2026-11-29T18:41:26,001327024+00:00 - gunicorn/finish 94 0',
    '2026-11-29T18:41:26,009343382+00:00 - Exit code 94 is not normal. Killing image.',
  ];

  it('names the start script\'s code and what it means', () => {
    const end = containerEnd(111, exit94);
    assert.equal(end.exitCode, 94);
    assert.equal(end.containerExitCode, 111);
    assert.deepEqual([end.cause?.reason, end.cause?.data?.exitCode], ['start-script', 94]);
    assert.match(findingMessage(end.cause!), /debugpy could not be injected into the environment \(exit code 94\)/);
  });

  it('keeps the container\'s own code when runit said nothing (a kill)', () => {
    assert.deepEqual(containerEnd(137, ['Booting worker with pid: 25']), { exitCode: 137 });
  });

  it('reports init() failing as the server\'s code 3 with no start-script cause', () => {
    const end = containerEnd(111, fixture('docker-init-raises.log').split('\n'));
    assert.equal(end.exitCode, 3);
    assert.equal(end.containerExitCode, 111);
    assert.equal(end.cause, undefined);
  });

  it('reads the last 1,000 lines of the output, however many a progress bar makes of it (issue 17)', () => {
    // Each \r ends a line: one line of a progress bar's updates was millions of them, 2 s of CPU.
    const bar = 'Downloading 10%\r'.repeat(endLines);
    assert.equal(containerEnd(111, ['gunicorn/run model download failed', 'gunicorn/finish 95 0', bar]).exitCode, 111, 'the finish line before them is not read');
    assert.equal(containerEnd(111, [bar, 'gunicorn/run model download failed', 'gunicorn/finish 95 0']).exitCode, 95);
  });
});
