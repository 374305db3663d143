// A debug launch whose image is not on the engine, in the real extension
// host: the setting names an image in a real registry on 127.0.0.1 (docker-
// registry with htpasswd). Logged in, F5 pulls it (a progress notification,
// before any session) and the session starts; logged out, the launch is
// refused with the login hint and nothing starts.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { DEBUGPY_IMAGE, docker, readableTempDir, TEST_LABEL, waitFor } from '../../support/docker';
import { startRegistry, type LocalRegistry } from '../../support/registry';
import { screenshot } from '../screenshot';

const exec = promisify(execFile);
const extensionId = 'azureml-debug.azureml-deployment-debugger';
const sample = path.resolve(__dirname, '../../../../sample');

describe('a missing debug image is pulled (real registry)', function () {
  // The first push sends the debugpy replica into the empty registry (~20-40 s here).
  this.timeout(180_000);
  let registry: LocalRegistry;
  let image: string;
  const app = readableTempDir('aml-host-pull-');
  const present = async () => (await docker('images', '-q', image)).trim() !== '';
  // The extension host's own HOME: docker login writes its ~/.docker/config.json, which the product reads.
  const cli = async (args: string[], input?: string) => {
    const p = exec('docker', args, { env: { ...process.env, DOCKER_BUILDKIT: '0' }, maxBuffer: 64 * 1024 * 1024 });
    if (input !== undefined) p.child.stdin?.end(input);
    return (await p).stdout;
  };
  const launch = (name: string): vscode.DebugConfiguration => ({
    type: 'azureml',
    request: 'launch',
    name,
    appFolder: app,
    scoringPort: 0,
    debugPort: 0,
    labels: { [TEST_LABEL.split('=')[0]]: '1', 'com.azureml-debug.pull-test': '1' },
  });
  const ours = async () => (await docker('ps', '-aq', '--filter', 'label=com.azureml-debug.pull-test=1')).trim();

  let userImage: string | undefined;

  before(async () => {
    fs.cpSync(sample, app, { recursive: true });
    await vscode.extensions.getExtension(extensionId)!.activate();
    registry = await startRegistry();
    await cli(['login', registry.host, '--username', registry.user, '--password-stdin'], registry.password);
    // The debugpy replica plus a fresh 16 MB layer, so the pull downloads something.
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-host-pull-ctx-'));
    fs.writeFileSync(path.join(ctx, 'noise'), randomBytes(16_000_000));
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${DEBUGPY_IMAGE}\nLABEL ${TEST_LABEL}\nCOPY noise /opt/pull-test-noise\n`);
    image = `${registry.host}/azureml/minimal-py312-inference-debug:${randomBytes(4).toString('hex')}`;
    await cli(['build', '-q', '-t', image, ctx]);
    fs.rmSync(ctx, { recursive: true, force: true });
    await cli(['push', image]);
    await cli(['rmi', image]);
    // The user's own value (the runner's) comes back afterwards: later suites rely on it.
    userImage = vscode.workspace.getConfiguration('azuremlDebug').inspect<string>('debug.image')?.globalValue;
    await vscode.workspace.getConfiguration('azuremlDebug').update('debug.image', image, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('azuremlDebug').update('debug.image', userImage, vscode.ConfigurationTarget.Global);
    const left = await ours().catch(() => '');
    if (left) await docker('rm', '-f', ...left.split('\n'));
    if (image) await cli(['rmi', '-f', image]).catch(() => undefined);
    if (registry) {
      await cli(['logout', registry.host]).catch(() => undefined);
      await registry.stop();
    }
    fs.rmSync(app, { recursive: true, force: true });
  });

  it('logged out: the launch is refused with the login hint, and nothing starts', async () => {
    await cli(['logout', registry.host]);
    try {
      assert.equal(await present(), false);
      const ok = await vscode.debug.startDebugging(undefined, launch('Azure ML: pull refused (host test)'));
      // The resolver said no: no session, no container (the adapter's own pull never ran).
      assert.equal(ok, false);
      assert.equal(vscode.debug.activeDebugSession, undefined);
      assert.equal(await ours(), '');
      assert.equal(await present(), false);
      await screenshot('image-pull-401');
    } finally {
      await cli(['login', registry.host, '--username', registry.user, '--password-stdin'], registry.password);
    }
  });

  it('F5 pulls the image in a notification, then the session starts on it', async () => {
    assert.equal(await present(), false);
    const started = Date.now();
    const shot = (async () => {
      // A picture while the pull runs (best effort: a local pull of 16 MB is quick).
      await new Promise((r) => setTimeout(r, 150));
      return screenshot('image-pull-progress');
    })();
    const ok = await vscode.debug.startDebugging(undefined, launch('Azure ML: pull then debug (host test)'));
    assert.equal(ok, true);
    assert.equal(await present(), true, 'the image was pulled');
    console.log(`      (pull and session start took ${Date.now() - started} ms)`);
    const session = await waitFor('the launch session', () => vscode.debug.activeDebugSession, 30_000);
    await waitFor('the debug container', async () => (await ours()) || undefined, 60_000);
    await vscode.debug.stopDebugging(session);
    await shot;
  });
});
