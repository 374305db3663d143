// F5 as a user presses it: every configuration the extension writes or offers
// (the manifest's initial configuration and snippets, read from package.json;
// the dynamic configuration; what "Add Attach Configuration" writes) is saved
// in .vscode/launch.json with its variables as written, and started by name,
// so VS Code substitutes ${workspaceFolder} itself. Launches run the image of
// the user setting azuremlDebug.debug.image (the runner's debugpy replica);
// attaches reach a container the user started with the score.py hook. An
// attach with nothing (or no debugpy) listening shows a cancellable wait and
// then one message with the ways out, read from the workbench's toasts.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { AZUREML_CONFIG_NAME, DEBUGPY_CONFIG_NAME, azuremlAttachConfiguration, scopedLocalRoot } from '../../../src/core/edits/attachConfig';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import { DEBUGPY_IMAGE, SAMPLE_IMAGE, TEST_LABEL, docker, uniqueName, waitFor } from '../../support/docker';
import { clickToastButton, screenshot, visibleToasts } from '../screenshot';
import { freePort } from '../../support/ports';
import { saveLaunchJson as saveLaunchJsonOf } from '../gestures';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.testrun=${uniqueName('host-userpath')}`;
type Config = vscode.DebugConfiguration;

/**
 * What VS Code inserts for a snippet body: a "^" value is raw JSON text, `\$`
 * an escaped dollar, and `${1:text}` a placeholder the user types over (with
 * `typed[text]`, or keeps).
 */
function asInserted(value: unknown, typed: Record<string, string> = {}): unknown {
  const unescape = (s: string) => s.replace(/\\\$/g, '$');
  if (typeof value === 'string') {
    if (value.startsWith('^')) return JSON.parse(unescape(value.slice(1))) as unknown;
    return unescape(value.replace(/\$\{\d+:([^}]*)\}/g, (_m, text: string) => typed[text] ?? text));
  }
  if (Array.isArray(value)) return value.map((v) => asInserted(v, typed));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asInserted(v, typed)]));
  return value;
}


/** True when nothing listens on 127.0.0.1:`port` (it can be bound). */
function portFree(port: number): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('F5 on the configurations the extension writes and offers (started by name; VS Code substitutes)', function () {
  this.timeout(240000);
  let api: TestApi;
  let folder: vscode.WorkspaceFolder;
  let launchUri: vscode.Uri;
  let debuggerContribution: { initialConfigurations: Config[]; configurationSnippets: { label: string; body: Config }[] };
  const disposables: vscode.Disposable[] = [];
  const started: vscode.DebugSession[] = [];
  const ended = new Set<string>();
  const azuremlConfig = () => vscode.workspace.getConfiguration('azuremlDebug');

  /** Debug containers of launches of this folder: as written, the configurations carry no labels of ours. */
  const launchContainers = async () => {
    const out = await docker('ps', '-aq', '--filter', 'label=com.azureml-debug.debug=1', '--filter', `label=com.azureml-debug.appFolder=${folder.uri.fsPath}`);
    return out ? out.split('\n') : [];
  };

  /** Saves `configs` as the folder's launch.json and waits until VS Code reads them. */
  async function saveLaunchJson(configs: Config[]): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await saveLaunchJsonOf(folder, configs);
  }

  /** F5 by name; the session VS Code started for it (no child). */
  async function startByName(name: string): Promise<{ ok: boolean; session?: vscode.DebugSession }> {
    const from = started.length;
    const ok = await vscode.debug.startDebugging(folder, name);
    return { ok, session: started.slice(from).find((s) => s.name === name && !s.parentSession) };
  }

  async function stop(session: vscode.DebugSession): Promise<void> {
    await vscode.debug.stopDebugging(session);
    await waitFor(`${session.name} to end`, () => ended.has(session.id) || undefined, 30000);
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>(extensionId)!.activate());
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the runner opens the sample folder');
    folder = f;
    launchUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
    // The manifest as VS Code loaded it: what the user gets, not a copy typed here.
    debuggerContribution = (vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { debuggers: (typeof debuggerContribution & { type: string })[] } })
      .contributes.debuggers.find((d) => d.type === 'azureml')!;
    const image = azuremlConfig().inspect<string>('debug.image');
    assert.equal(image?.globalValue ?? image?.workspaceValue, undefined, 'no image setting: launches use the default');
    assert.equal(image?.defaultValue, SAMPLE_IMAGE, 'the default is Azure ML\'s real image name (the replica without debugpy)');
    disposables.push(
      vscode.debug.onDidStartDebugSession((s) => started.push(s)),
      vscode.debug.onDidTerminateDebugSession((s) => ended.add(s.id)),
    );
  });

  after(async () => {
    for (const s of started.filter((x) => !ended.has(x.id))) await vscode.debug.stopDebugging(s);
    for (const d of disposables) d.dispose();
    const left = [...(await launchContainers()), ...(await docker('ps', '-aq', '--filter', `label=${runLabel}`)).split('\n').filter(Boolean)];
    if (left.length) await docker('rm', '-f', ...left);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  /** A launch as written: it starts, debugpy in the worker opens its child session, and stopping removes the container. */
  async function launchesAsWritten(config: Config): Promise<void> {
    assert.equal(config.request, 'launch');
    assert.match(JSON.stringify(config), /\$\{workspaceFolder\}/, 'the configuration is written with the variable');
    await saveLaunchJson([config]);
    const { ok, session } = await startByName(config.name);
    assert.equal(ok, true, `F5 on "${config.name}"`);
    assert.ok(session);
    assert.equal(session.configuration.appFolder, folder.uri.fsPath, 'VS Code substituted ${workspaceFolder}');
    await waitFor('a worker session (debugpy reached in the container)', () => started.find((s) => s.parentSession?.id === session.id), 120000);
    assert.equal((await launchContainers()).length, 1, 'one debug container of this folder');
    await stop(session);
    await waitFor('the debug container removed', async () => ((await launchContainers()).length === 0 ? true : undefined), 30000);
  }

  it('the manifest\'s initial configuration launches as written', async () => {
    const initial = debuggerContribution.initialConfigurations;
    assert.equal(initial.length, 1);
    await launchesAsWritten(initial[0]);
  });

  it('the launch snippet launches as inserted', async () => {
    const launches = debuggerContribution.configurationSnippets.filter((s) => s.body.type === 'azureml' && s.body.request === 'launch');
    assert.equal(launches.length, 1);
    await launchesAsWritten(asInserted(launches[0].body) as Config);
  });

  it('a launch whose folder has no score.py is refused after substitution, naming the real path, and starts nothing', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const config: Config = { type: 'azureml', request: 'launch', name: 'Azure ML: no such app (host test)', appFolder: '${workspaceFolder}/no-such-app' };
    await saveLaunchJson([config]);
    const { ok } = await startByName(config.name);
    assert.equal(ok, false);
    const expected = `No score.py in ${folder.uri.fsPath}/no-such-app:`;
    const said = await waitFor('the refusal', async () => (await visibleToasts())?.notifications.find((n) => n.message.includes('No score.py in')), 10000);
    assert.ok(said.message.startsWith(expected), said.message);
    assert.deepEqual(await launchContainers(), []);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('F5 (workbench.action.debug.start) with no launch.json and score.py open debugs the folder', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(launchUri, { useTrash: false }).then(undefined, () => undefined);
    await waitFor('VS Code to forget launch.json', () => (vscode.workspace.getConfiguration('launch', folder.uri).get<Config[]>('configurations') ?? []).length === 0 || undefined);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'score.py'), { preview: false });
    const from = started.length;
    await vscode.commands.executeCommand('workbench.action.debug.start');
    const session = await waitFor('the launch session', () => started.slice(from).find((s) => s.type === 'azureml' && !s.parentSession), 30000);
    assert.equal(session.configuration.request, 'launch');
    assert.equal(session.configuration.appFolder, folder.uri.fsPath);
    await waitFor('a worker session (debugpy reached in the container)', () => started.find((s) => s.parentSession?.id === session.id), 120000);
    await stop(session);
    await waitFor('the debug container removed', async () => ((await launchContainers()).length === 0 ? true : undefined), 30000);
  });

  describe('attach configurations, to a container the user started with the score.py hook on 127.0.0.1:5678', () => {
    let container = '';
    const score = () => vscode.Uri.joinPath(folder.uri, 'score.py');

    before(async () => {
      // The hook through its command, listening on all addresses inside the container (the second choice of its picker).
      const r = await vscode.commands.executeCommand<{ changed: boolean }>(CommandIds.scoreInsertDebugHook, { uri: score(), host: '0.0.0.0' });
      assert.equal(r?.changed, true);
      const doc = await vscode.workspace.openTextDocument(score());
      if (doc.isDirty) assert.ok(await doc.save());
      // The port the attach configurations name; another run's container may hold it for a moment.
      await waitFor('127.0.0.1:5678 to be free', () => portFree(5678), 60000);
      container = uniqueName('aml-userpath-hook');
      // The seeds' docker run, with the port the attach configurations name.
      await docker('run', '-d', '--name', container, '--label', TEST_LABEL, '--label', runLabel,
        '-v', `${folder.uri.fsPath}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app',
        '-p', '127.0.0.1:5678:5678', DEBUGPY_IMAGE);
      await waitFor('the hook to listen', async () => (await docker('logs', container)).includes('debugpy listening on 0.0.0.0:5678') || undefined, 90000);
    });

    after(async () => {
      if (container) await docker('rm', '-f', container).catch(() => undefined);
      await vscode.commands.executeCommand(CommandIds.scoreRemoveDebugHook, { uri: score() });
      const doc = await vscode.workspace.openTextDocument(score());
      if (doc.isDirty) await doc.save();
    });

    /** Attaches by name, checks the mapping VS Code substituted, and detaches (the container stays: it is the user's). */
    async function attachesAsWritten(name: string): Promise<vscode.DebugSession> {
      const { ok, session } = await startByName(name);
      assert.equal(ok, true, `F5 on "${name}"`);
      assert.ok(session);
      const mappings = session.configuration.pathMappings as { localRoot: string; remoteRoot: string }[];
      assert.deepEqual(mappings, [{ localRoot: folder.uri.fsPath, remoteRoot: '/var/azureml-app' }]);
      const threads = (await session.customRequest('threads')) as { threads: unknown[] };
      assert.ok(threads.threads.length > 0, 'debugpy answers for the worker');
      await stop(session);
      assert.equal((await docker('inspect', '-f', '{{.State.Running}}', container)), 'true');
      return session;
    }

    it('what "Add Attach Configuration" writes attaches as written', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(launchUri, { useTrash: false }).then(undefined, () => undefined);
      const r = await vscode.commands.executeCommand<{ outcomes: Record<string, string> }>(CommandIds.launchAddConfiguration);
      assert.deepEqual(r?.outcomes, { [AZUREML_CONFIG_NAME]: 'added' });
      await waitFor('VS Code to read launch.json', () =>
        (vscode.workspace.getConfiguration('launch', folder.uri).get<Config[]>('configurations') ?? []).some((c) => c.name === AZUREML_CONFIG_NAME) || undefined);
      await attachesAsWritten(AZUREML_CONFIG_NAME);
    });

    it('the dynamic configuration attaches as offered', async () => {
      // VS Code lists dynamic configurations only in its picker, with no API: the registered provider is read through the extension's API.
      const offered = (await api.attachConfigurations!.provideDebugConfigurations()) as Config[];
      assert.equal(offered.length, 1);
      await saveLaunchJson(offered);
      await attachesAsWritten(offered[0].name);
    });

    it('the attach-to-port snippet attaches as inserted', async () => {
      const snippet = debuggerContribution.configurationSnippets.find((s) => s.body.type === 'azureml' && s.body.request === 'attach' && s.body.port !== undefined);
      assert.ok(snippet);
      const config = asInserted(snippet.body) as Config;
      await saveLaunchJson([config]);
      await attachesAsWritten(config.name);
    });

    it('the seeds\' debugpy-type snippet, and Add Attach Configuration\'s debugpy kind, attach as written without the Python Debugger', async () => {
      assert.equal(vscode.extensions.all.some((e) => (e.packageJSON.contributes?.debuggers ?? []).some((d: { type?: string }) => d.type === 'debugpy')), false,
        'no Python Debugger in this host: VS Code alone would refuse the type');
      const snippet = debuggerContribution.configurationSnippets.find((s) => s.body.type === 'debugpy');
      assert.ok(snippet, 'the manifest offers the seeds\' configuration');
      const config = asInserted(snippet.body) as Config;
      await saveLaunchJson([config]);
      const session = await attachesAsWritten(config.name);
      assert.equal(session.type, 'azureml', 'the azureml debugger took the debugpy configuration');

      await vscode.workspace.fs.delete(launchUri, { useTrash: false });
      // The command's kinds argument stands for its picker, which appears only with the Python Debugger installed.
      const r = await vscode.commands.executeCommand<{ outcomes: Record<string, string> }>(CommandIds.launchAddConfiguration, { kinds: ['debugpy'] });
      assert.deepEqual(r?.outcomes, { [DEBUGPY_CONFIG_NAME]: 'added' });
      await waitFor('VS Code to read launch.json', () =>
        (vscode.workspace.getConfiguration('launch', folder.uri).get<Config[]>('configurations') ?? []).some((c) => c.name === DEBUGPY_CONFIG_NAME && c.type === 'debugpy') || undefined);
      await attachesAsWritten(DEBUGPY_CONFIG_NAME);
    });

    it('${workspaceFolder:name}, as Add Attach Configuration writes it into a .code-workspace, resolves to the named folder', async () => {
      // The runner opens one folder; a scoped variable naming it is resolved the same way as in a multi-root workspace.
      const config = { ...azuremlAttachConfiguration({ localRoot: scopedLocalRoot([{ name: folder.name, hasEntryScript: true }]) }), name: 'Azure ML: scoped folder (host test)' };
      assert.equal(config.pathMappings[0].localRoot, `\${workspaceFolder:${folder.name}}`);
      await saveLaunchJson([config]);
      await attachesAsWritten(config.name);
    });

    it('the attach-to-container snippet attaches with the container name typed in', async () => {
      const snippet = debuggerContribution.configurationSnippets.find((s) => s.body.type === 'azureml' && s.body.request === 'attach' && s.body.container !== undefined);
      assert.ok(snippet);
      const placeholder = /\$\{\d+:([^}]*)\}/.exec(String(snippet.body.container))?.[1];
      assert.ok(placeholder, 'the snippet asks for the container');
      const config = asInserted(snippet.body, { [placeholder]: container }) as Config;
      await saveLaunchJson([config]);
      const { ok, session } = await startByName(config.name);
      assert.equal(ok, true);
      assert.ok(session);
      assert.equal(session.configuration.container, container);
      const threads = (await session.customRequest('threads')) as { threads: unknown[] };
      assert.ok(threads.threads.length > 0);
      await stop(session);
    });

    it('the attach-to-container snippet on an Azure ML v2 container maps its code folder: a breakpoint in run() stops on the local score.py', async () => {
      // As `az ml online-deployment create --local` lays one out: the code at /var/azureml-app/<code folder>, AML_APP_ROOT naming it.
      const code = '/var/azureml-app/onlinescoring';
      const v2 = uniqueName('aml-userpath-v2');
      await docker('run', '-d', '--name', v2, '--label', TEST_LABEL, '--label', runLabel,
        '-v', `${folder.uri.fsPath}:${code}:ro`, '-e', `AML_APP_ROOT=${code}`, '-e', 'AZUREML_ENTRY_SCRIPT=score.py', '-e', `AZUREML_MODEL_DIR=${code}`,
        '-p', '127.0.0.1::5678', '-p', '127.0.0.1::5001', DEBUGPY_IMAGE);
      const stops: { session: vscode.DebugSession; threadId: number }[] = [];
      const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
            if (m.type === 'event' && m.event === 'stopped' && m.body?.threadId !== undefined) stops.push({ session, threadId: m.body.threadId });
          },
        }),
      });
      try {
        await waitFor('the hook to listen', async () => (await docker('logs', v2)).includes('debugpy listening on 0.0.0.0:5678') || undefined, 90000);
        const snippet = debuggerContribution.configurationSnippets.find((s) => s.body.type === 'azureml' && s.body.request === 'attach' && s.body.container !== undefined);
        const placeholder = /\$\{\d+:([^}]*)\}/.exec(String(snippet!.body.container))?.[1];
        const config = { ...(asInserted(snippet!.body, { [placeholder!]: v2 }) as Config), name: 'Azure ML: v2 container (host test)' };
        await saveLaunchJson([config]);
        const text = (await vscode.workspace.openTextDocument(score())).getText().split('\n');
        const runLine = text.findIndex((l) => l.includes('data = json.loads(raw_data)')) + 1;
        assert.ok(runLine > 0);
        vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(score(), new vscode.Position(runLine - 1, 0)))]);
        const { ok, session } = await startByName(config.name);
        assert.equal(ok, true);
        assert.ok(session);
        const scoring = Number((await docker('port', v2, '5001/tcp')).trim().split(':').pop());
        const request = (await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'sample-request.json'))).toString();
        const answer = fetch(`http://127.0.0.1:${scoring}/score`, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json' } });
        const at = await waitFor('a stop in run()', () => stops.shift(), 60000);
        const top = ((await at.session.customRequest('stackTrace', { threadId: at.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; source?: { path?: string } }[] }).stackFrames[0];
        // In a remote host (code-server) the workbench hands paths back as vscode-remote URIs.
        const framePath = top.source?.path ?? '';
        assert.equal(/^[a-z-]+:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, score().fsPath);
        assert.equal(top.line, runLine);
        await new Promise((r) => setTimeout(r, 1000)); // the editor reveals the paused line
        await screenshot('attach-v2-container-stopped');
        await at.session.customRequest('continue', { threadId: at.threadId });
        assert.equal((await answer).status, 200);
        vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
        await stop(session);
      } finally {
        tracker.dispose();
        vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
        await docker('rm', '-f', v2).catch(() => undefined);
      }
    });
  });

  describe('an attach with no debugpy behind the address', () => {
    const waitingText = (port: number) => `Waiting for debugpy on 127.0.0.1:${port}`;
    const ways = ['Debug Service…', 'Insert Hook…', 'Launch Container'];
    let server: net.Server | undefined;

    /** "Add Attach Configuration" for `port` (the setting it reads), with a short ready timeout. */
    async function addAttachFor(port: number, readyTimeout: number): Promise<void> {
      await azuremlConfig().update('debug.port', port, vscode.ConfigurationTarget.Workspace);
      await azuremlConfig().update('debug.readyTimeout', readyTimeout, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand(CommandIds.launchAddConfiguration);
      await waitFor('launch.json to name the port', () =>
        (vscode.workspace.getConfiguration('launch', folder.uri).get<Config[]>('configurations') ?? []).some((c) => c.name === AZUREML_CONFIG_NAME && c.port === port) || undefined);
      await vscode.commands.executeCommand('notifications.clearAll');
    }

    /** F5, the progress toast while it waits, then the one message at the timeout; returns its text. */
    async function waitsThenSays(port: number, shot: string): Promise<string> {
      const f5 = startByName(AZUREML_CONFIG_NAME);
      const progress = await waitFor('the waiting progress', async () => (await visibleToasts())?.notifications.find((n) => n.message.includes(waitingText(port))), 10000);
      assert.deepEqual(progress.buttons, ['Cancel'], 'the wait can be cancelled');
      await screenshot(`${shot}-waiting`);
      const { ok } = await f5;
      assert.equal(ok, false, 'the attach did not start');
      const seen = await waitFor('the message at the timeout', async () => {
        const v = await visibleToasts();
        // The wait's toast has gone and the message has come.
        const said = v?.notifications.some((n) => n.message.includes(`127.0.0.1:${port}`) && !n.message.includes(waitingText(port)));
        return said && !v?.notifications.some((n) => n.message.includes(waitingText(port))) ? v : undefined;
      }, 10000);
      await screenshot(shot);
      const about = seen.notifications.filter((n) => n.message.includes(`${port}`));
      assert.equal(about.length, 1, `one message: ${JSON.stringify(seen.notifications)}`);
      assert.deepEqual(about[0].buttons, ways);
      assert.deepEqual(seen.dialogs.filter((d) => d.includes(`:${port}`)), [], 'no error dialog beside it');
      return about[0].message;
    }

    afterEach(() => server?.close());
    after(async () => {
      await azuremlConfig().update('debug.port', undefined, vscode.ConfigurationTarget.Workspace);
      await azuremlConfig().update('debug.readyTimeout', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('nothing listening: a cancellable wait, then one message saying nothing listens, with the ways to start a debuggable deployment', async () => {
      const port = await freePort();
      await addAttachFor(port, 5);
      assert.match(await waitsThenSays(port, 'attach-nothing-listens'), /Nothing listens on 127\.0\.0\.1:\d+/);
      // One of the ways, taken from the message: a debug container of the folder (launch.json has no launch, so the folder's default).
      // The short ready timeout was for the attach; a container's start needs the default.
      await azuremlConfig().update('debug.readyTimeout', undefined, vscode.ConfigurationTarget.Workspace);
      const from = started.length;
      await clickToastButton(`127.0.0.1:${port}`, 'Launch Container');
      const session = await waitFor('the launch session', () => started.slice(from).find((x) => x.type === 'azureml' && !x.parentSession), 30000);
      assert.equal(session.configuration.request, 'launch');
      assert.equal(session.configuration.appFolder, folder.uri.fsPath);
      await waitFor('a worker session (debugpy reached in the container)', () => started.find((x) => x.parentSession?.id === session.id), 120000);
      await stop(session);
      await waitFor('the debug container removed', async () => ((await launchContainers()).length === 0 ? true : undefined), 30000);
    });

    it('a TCP server that is not debugpy: the message says something else listens there', async () => {
      const s = (server = net.createServer(() => undefined));
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const port = (s.address() as net.AddressInfo).port;
      await addAttachFor(port, 5);
      assert.match(await waitsThenSays(port, 'attach-not-debugpy'), /Something listens on 127\.0\.0\.1:\d+, but it is not debugpy/);
      // Another of the ways, taken from the message: the score.py hook, inserted into the folder's score.py
      // after its one question (where debugpy listens), answered with the first choice.
      const scoreUri = vscode.Uri.joinPath(folder.uri, 'score.py');
      const before = (await vscode.workspace.openTextDocument(scoreUri)).getText();
      assert.doesNotMatch(before, /debugpy\.listen/);
      await clickToastButton(`127.0.0.1:${port}`, 'Insert Hook…');
      const hooked = await waitFor('the hook in score.py', async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const text = (await vscode.workspace.openTextDocument(scoreUri)).getText();
        return /debugpy\.listen/.test(text) ? text : undefined;
      }, 20000);
      assert.match(hooked, /added by Azure ML Deployment Debugger/);
      await vscode.commands.executeCommand(CommandIds.scoreRemoveDebugHook, { uri: scoreUri });
      const doc = await vscode.workspace.openTextDocument(scoreUri);
      assert.equal(doc.getText(), before, 'removing the hook gives back the file as it was');
      if (doc.isDirty) await doc.save();
      await vscode.commands.executeCommand('notifications.clearAll');
    });

    it('Cancel on the wait ends the session at once, with no message', async () => {
      const s = (server = net.createServer(() => undefined));
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const port = (s.address() as net.AddressInfo).port;
      await addAttachFor(port, 60);
      const f5 = startByName(AZUREML_CONFIG_NAME);
      await waitFor('the waiting progress', async () => (await visibleToasts())?.notifications.some((n) => n.message.includes(waitingText(port))) || undefined, 10000);
      const clicked = Date.now();
      await clickToastButton(waitingText(port), 'Cancel');
      const { session } = await f5;
      assert.ok(session, 'the attach session had started');
      // With a 60 s ready timeout, only the cancel can end it this soon.
      await waitFor('the session to end', () => ended.has(session.id) || undefined, 5000);
      assert.ok(Date.now() - clicked < 5000, `ended ${Date.now() - clicked} ms after Cancel`);
      const left = await visibleToasts();
      assert.deepEqual(left?.notifications.filter((n) => n.message.includes(`${port}`)), []);
    });
  });
});
