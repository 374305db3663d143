// The Kubernetes side in the real extension host, against the in-repo test
// cluster (real containers): the tree shows the crash-looping pod with its
// reason, "previous" logs show the crashed run's traceback, "Attach
// debugger" through a port-forward stops at a breakpoint in run() after a
// test request, and no token or client key reaches any output channel or
// log file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { startTestCluster, type TestCluster } from '../../k8s-server/cluster';
import { azureMlOnlineDeployment, azureMlService, namespaceOf } from '../../k8s-server/sample';
import { makeServingCerts } from '../../k8s-server/tls';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import type { TestResponse } from '../../../src/core/deploy/testRequest';
import { waitFor } from '../../support/docker';
import { screenshot } from '../screenshot';
import { windowLogFiles } from '../observe';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const workspaceName = 'host-ws';
const ns = namespaceOf(workspaceName);
const CONN = 'kubernetes:azureml-test';

describe('Kubernetes: clusters, pods, logs, port-forward debugging (test cluster)', function () {
  this.timeout(180000);
  let api: TestApi;
  let cluster: TestCluster;
  let scratch: string;
  let badToken: string;
  let clientKeyPem: string;
  let extra: string;
  let extraDoc: Record<string, unknown>;
  let modelStore: string | undefined;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

  const tree = () => api.tree!;
  const item = (n: ServiceTreeNode) => tree().getTreeItem(n);
  const connNode = (id: string) => tree().getChildren().find((n) => n.type === 'connection' && n.connectionId === id);
  const appNode = (name: string) => {
    const c = connNode(CONN);
    return c && tree().getChildren(c).find((n) => n.type === 'kubernetesApp' && n.app === `${ns}/${name}`);
  };
  const podNode = (service: string) => {
    const a = appNode(service);
    return a && tree().getChildren(a)[0];
  };

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-host-'));
    cluster = await startTestCluster({ namespace: ns, backoffBaseMs: 1000, backoffMaxMs: 4000, kubeconfigPath: path.join(scratch, 'config') });
    cluster.apply(azureMlService({ workspace: workspaceName, service: 'init-raises', appFolder: path.join(repo, 'test/fixtures/apps/init-raises') }));
    // The workspace's own score.py, its server listening for debugpy (on the image's :debugpy variant) and
    // waiting for the debugger, as one debugs a pod; the port is declared as `debug` on the container.
    cluster.apply(azureMlService({
      workspace: workspaceName, service: 'debug-me', appFolder: workspace, debugPort: 5679, debugWait: true,
      env: { WORKER_TIMEOUT: '0' },
      // Ready once the server behind nginx answers (after the debugger attached); no liveness kill while paused.
      livenessProbe: null,
    }));
    // An Azure ML Kubernetes online deployment of the workspace's v2 sample: blue's model is in the
    // (stand-in) storage, green's download is refused, so green never gets past storage-initializer.
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-host-model-store-'));
    fs.chmodSync(store, 0o755);
    fs.cpSync(path.join(workspace, 'v2', 'model'), path.join(store, 'sample-model', '1', 'model'), { recursive: true });
    fs.chmodSync(path.join(store, 'sample-model'), 0o755);
    modelStore = store;
    const online = { namespace: 'azureml-online', endpoint: 'host-ep', codeFolder: path.join(workspace, 'v2', 'onlinescoring'), model: { name: 'sample-model', version: '1' } };
    cluster.apply(azureMlOnlineDeployment({ ...online, deployment: 'blue', modelStore: store }));
    cluster.apply(azureMlOnlineDeployment({ ...online, deployment: 'green' }));
    // A second kubeconfig file (KUBECONFIG-style list): a user with a client key and one with a wrong token, both refused (401).
    const certs = await makeServingCerts();
    clientKeyPem = certs.keyPem;
    badToken = `wrong-${cluster.token.split('').reverse().join('')}`;
    extra = path.join(scratch, 'extra-config');
    const ca = Buffer.from(cluster.caPem).toString('base64');
    fs.writeFileSync(extra, stringify((extraDoc = {
      apiVersion: 'v1', kind: 'Config',
      clusters: [{ name: 'same', cluster: { server: cluster.url, 'certificate-authority-data': ca } }],
      users: [
        { name: 'key-user', user: { 'client-certificate-data': Buffer.from(certs.certPem).toString('base64'), 'client-key-data': Buffer.from(certs.keyPem).toString('base64') } },
        { name: 'bad-token', user: { token: badToken } },
      ],
      contexts: [{ name: 'with-client-key', context: { cluster: 'same', user: 'key-user' } }, { name: 'with-bad-token', context: { cluster: 'same', user: 'bad-token' } }],
    })), { mode: 0o600 });
    await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', `${cluster.kubeconfigPath}${path.delimiter}${extra}`, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the cluster contexts in the tree', () => connNode(CONN) && connNode('kubernetes:with-bad-token'), 30000);
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await cluster?.stop();
    if (modelStore) fs.rmSync(modelStore, { recursive: true, force: true });
  });

  it('lists one node per context, the current one first, idle until expanded', () => {
    const ids = tree().getChildren().filter((n) => n.type === 'connection' && n.connectionId.startsWith('kubernetes:')).map((n) => (n as { connectionId: string }).connectionId);
    assert.deepEqual(ids, [CONN, 'kubernetes:with-client-key', 'kubernetes:with-bad-token']);
    const i = item(connNode('kubernetes:with-client-key')!);
    assert.equal(i.contextValue, 'connection.kubernetes.idle');
    assert.equal(i.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  });

  it('shows the crash-looping pod with its reason, restarts, last termination and BackOff event', async () => {
    tree().getChildren(connNode(CONN)!); // expanding connects
    await waitFor('connected', () => api.model.connection(CONN)?.status === 'connected', 30000);
    const pod = await waitFor('CrashLoopBackOff in the tree', () => {
      const n = podNode('init-raises');
      // The crash cause, once analysed, comes first (see the next wait).
      return n && /^(?:[^·]+ · )?CrashLoopBackOff · 0\/1 · [1-9]\d* restarts? · /.test(String(item(n).description)) ? n : undefined;
    }, 90000);
    // The cause is read from the crashed run's log: the exception of init(), not just "crash-loop".
    await waitFor('the cause in the tree', () => (/^init\(\): ValueError · CrashLoopBackOff · /.test(String(item(pod).description)) ? true : undefined), 30000);
    const podItem = item(pod);
    assert.match(podItem.contextValue ?? '', /^service\.kubernetes\.pod\.notRunning\.previous/);
    assert.match(String(item(appNode('init-raises')!).description), /^0\/1 ready · azureml-host-ws · 1 failing$/);
    const children = tree().getChildren(pod).map(item);
    // azmlinfsrv's exit 3 takes runsvdir (PID 1) down with 111.
    assert.match(String(children[0].description), /^CrashLoopBackOff · \d+ restarts? · last: Error \(111\)$/);
    await waitFor('the BackOff event under the pod', () => tree().getChildren(pod).map(item).find((i) => i.label === 'BackOff' && /Back-off restarting failed container/.test(String(i.description))));
    await screenshot('k8s-crashloop-tree');
  });

  it('an online deployment is listed as endpoint / deployment; one whose model download is refused shows storage-initializer first, the cause from its log, and Show Logs opens that log', async () => {
    tree().getChildren(connNode(CONN)!);
    await waitFor('connected', () => api.model.connection(CONN)?.status === 'connected', 30000);
    const app = (deployment: string) => tree().getChildren(connNode(CONN)!).find((n) => n.type === 'kubernetesApp' && item(n).label === `host-ep / ${deployment}`);
    const blue = await waitFor('blue serving', () => {
      const a = app('blue');
      const p = a && tree().getChildren(a)[0];
      return p && String(item(p).description).startsWith('Running') ? p : undefined;
    }, 90000);
    assert.deepEqual(tree().getChildren(blue).filter((n) => n.type === 'kubernetesContainer').map((n) => [item(n).label, String(item(n).description).split(' · ')[0]]), [['storage-initializer', 'init'], ['inference-server', 'Running']]);
    const green = await waitFor('green held in Init:CrashLoopBackOff', () => {
      const a = app('green');
      const p = a && tree().getChildren(a)[0];
      return p && /Init:CrashLoopBackOff/.test(String(item(p).description)) ? p : undefined;
    }, 90000);
    const first = tree().getChildren(green)[0];
    assert.equal(item(first).label, 'storage-initializer');
    assert.match(String(item(first).description), /^init · CrashLoopBackOff · \d+ restarts? · last: Error \(1\)$/);
    // Read from the initializer's failed run (the kubelet restarts it at once the first time, so an early look may find its new run still silent).
    const diag = await waitFor('the download failure as the cause', () => vscode.languages.getDiagnostics().flatMap(([, ds]) => ds).find((d) => d.code === 'model-not-found' && /storage-initializer \(HTTP 403: /.test(d.message)), 60000);
    assert.match(diag.message, /HTTP 403: This request is not authorized to perform this operation\)/);
    assert.doesNotMatch(diag.message, /init\(\)/, 'not the user\'s init()');
    await waitFor('the cause on the pod in the tree', () => (/^model download failed \(storage-initializer\) · Init:CrashLoopBackOff · /.test(String(item(green).description)) ? true : undefined), 30000);
    const tabs = (await vscode.commands.executeCommand<string[]>(CommandIds.serviceShowLogs, green))!;
    const lines = await waitFor('the initializer\'s log', () => {
      const l = tabs.flatMap((t) => api.logs!.linesFor(t));
      return l.some((x) => /HTTP Status Code=403/.test(x)) ? l : undefined;
    }, 30000);
    assert.ok(lines.length > 0);
    // As the user sees it: the pod open in the tree under its endpoint / deployment, the initializer's log below.
    await api.treeView.reveal(first, { expand: true, select: true, focus: false });
    await screenshot('k8s-online-model-download');
  });

  it('"Show Logs" on the crash-looping pod opens the crashed run first, with its traceback', async () => {
    const pod = podNode('init-raises')!;
    const tabs = (await vscode.commands.executeCommand<string[]>(CommandIds.serviceShowLogs, pod))!;
    assert.equal(tabs.length, 2, 'the current run and the previous one');
    const previous = tabs[1];
    const lines = await waitFor('the previous run\'s traceback', () => {
      const l = api.logs!.linesFor(previous);
      return l.some((x) => x.includes('ValueError: weights are not normalised')) ? l : undefined;
    }, 30000);
    const tb = lines.findIndex((x) => x.includes('Traceback (most recent call last)'));
    assert.ok(tb >= 0, lines.join('\n'));
    assert.ok(lines.slice(tb).some((x) => /File "\/var\/azureml-app\/score\.py", line \d+, in init/.test(x)), lines.join('\n'));
    await screenshot('k8s-previous-logs');
  });

  it('"Attach Debugger" port-forwards debugpy and stops at a breakpoint in run() after a test request', async () => {
    const pod = await waitFor('the debug pod running', () => {
      const n = podNode('debug-me');
      return n && String(item(n).description).startsWith('Running') ? n : undefined;
    }, 60000);
    const scorePy = vscode.Uri.file(path.join(workspace, 'score.py'));
    const text = Buffer.from(await vscode.workspace.fs.readFile(scorePy)).toString('utf8').split('\n');
    const line = text.findIndex((l) => /^def run\(/.test(l)) + 1; // first line of run()'s body (0-based)
    const bp = new vscode.SourceBreakpoint(new vscode.Location(scorePy, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([bp]);
    const stops: { session: vscode.DebugSession; threadId: number }[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
          if (m.type === 'event' && m.event === 'stopped' && m.body?.reason === 'breakpoint') stops.push({ session, threadId: m.body.threadId ?? 0 });
        },
      }),
    });
    try {
      const sessionId = await vscode.commands.executeCommand<string>(CommandIds.kubernetesAttachDebugger, pod);
      assert.ok(sessionId, 'the session started');
      // Released by the debugger, the server boots behind nginx (which answers 502 until then): wait until the pod is ready.
      await waitFor('the debug pod ready once attached', () => api.model.allServices().find((r) => r.kubernetes?.object === 'pod' && r.name.startsWith('debug-me-') && r.kubernetes.ready === 1), 60000);
      // The request blocks at the breakpoint; it completes once we continue.
      const answer = vscode.commands.executeCommand<TestResponse>(CommandIds.kubernetesSendTestRequest, pod, '{"data": [[0.05, 0.05, 0.06, 0.02]]}');
      const stop = await waitFor('the breakpoint in run()', () => stops[0], 60000);
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId })) as { stackFrames: { name: string; line: number; source?: { path?: string } }[] };
      const top = trace.stackFrames[0];
      assert.equal(top.name, 'run');
      assert.equal(top.line, line + 1);
      // code-server reports the frame's file as a vscode-remote URI of the same path.
      const framePath = top.source?.path ?? '';
      assert.equal(framePath.startsWith('vscode-remote:') ? vscode.Uri.parse(framePath).path : framePath, scorePy.fsPath);
      await screenshot('k8s-breakpoint');
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const r = await answer;
      assert.equal(r?.status, 200, r?.body);
      assert.match(r.body, /predictions/);
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints([bp]);
      await vscode.debug.stopDebugging();
    }
  });

  it('the API server going down during a port-forward debug session ends the session, saying so in the Debug Console, and leaves no listener (issue 17)', async () => {
    const pod = await waitFor('the debug pod running', () => {
      const n = podNode('debug-me');
      return n && String(item(n).description).startsWith('Running') ? n : undefined;
    }, 60000);
    const output: string[] = [];
    let attached = false;
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { output?: string } }) => {
          if (m.type === 'event' && m.event === 'output') output.push(m.body?.output ?? '');
          if (m.type === 'event' && m.event === 'process') attached = true;
        },
      }),
    });
    const sessions: vscode.DebugSession[] = [];
    const started = vscode.debug.onDidStartDebugSession((s) => sessions.push(s));
    const ended: string[] = [];
    const terminated = vscode.debug.onDidTerminateDebugSession((s) => ended.push(s.id));
    try {
      const sessionId = await vscode.commands.executeCommand<string>(CommandIds.kubernetesAttachDebugger, pod);
      const session = sessions.find((s) => s.id === sessionId);
      assert.ok(session, 'the session started');
      const port = Number(session.configuration.port);
      await waitFor('debugpy attached through the forward', () => attached || undefined, 30000);
      await cluster.pause();
      await waitFor('the session ended', () => ended.includes(sessionId!) || undefined, 30000);
      assert.match(output.join(''), new RegExp(`The connection to debugpy at 127\\.0\\.0\\.1:${port} closed without the debuggee ending the session: the session ends\\.`));
      // The forward's listener went with the session.
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => { socket.destroy(); resolve('connected'); });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      assert.equal(refused, 'ECONNREFUSED');
    } finally {
      tracker.dispose();
      started.dispose();
      terminated.dispose();
      await cluster.resume();
      await waitFor('the cluster connected again', () => api.model.connection(CONN)?.status === 'connected' || undefined, 60000);
    }
  });

  it('shows 401 on a context whose credentials the cluster refuses, with what to do', async () => {
    for (const id of ['kubernetes:with-client-key', 'kubernetes:with-bad-token']) {
      tree().getChildren(connNode(id)!);
      const c = await waitFor(`${id} refused`, () => (api.model.connection(id)?.status === 'unreachable' ? api.model.connection(id) : undefined), 30000);
      assert.match(c.reason ?? '', /^401 Unauthorized/);
      assert.match(c.advice ?? '', /az aks get-credentials/);
      assert.match(String(item(connNode(id)!).description), /^unreachable: 401 Unauthorized/);
    }
  });

  it('"Probe Model Path" runs the check in the pod and finds the model under AZUREML_MODEL_DIR', async () => {
    const report = await vscode.commands.executeCommand<string>(CommandIds.kubernetesProbeModelPath, podNode('debug-me'), false);
    assert.match(report ?? '', /`model\/model.json` is found at `\/var\/azureml-app\/model\/model.json`/);
    assert.match(report ?? '', /AZUREML_MODEL_DIR: `\/var\/azureml-app`/);
    // What the pod's own Python sees; "Path Doctor" on a pod (the Docker one's command) gives the same report.
    assert.match(report ?? '', /## Python\n\n- Executable: `\/\S+\/python3?`/);
    assert.match(report ?? '', /### sys.path, as the server extends it\n\n```\n[\s\S]*\/var\/azureml-app\n/);
    const viaService = await vscode.commands.executeCommand<string>('azuremlDebug.service.pathDoctor', podNode('debug-me'), false);
    assert.match(viaService ?? '', /`model\/model.json` is found at `\/var\/azureml-app\/model\/model.json`/);
  });

  it('picks up a kubeconfig change on disk: new context listed, connected contexts reconnect with a fresh bag', async () => {
    const before = api.clusters!.bag(CONN);
    assert.ok(before);
    (extraDoc.contexts as unknown[]).push({ name: 'added-later', context: { cluster: 'same', user: 'bad-token' } });
    fs.writeFileSync(extra, stringify(extraDoc), { mode: 0o600 });
    await waitFor('the new context in the tree', () => connNode('kubernetes:added-later'), 30000);
    const after = await waitFor('a new bag for the connected context', () => {
      const b = api.clusters!.bag(CONN);
      return b && b !== before ? b : undefined;
    });
    assert.notEqual(after, before);
    await waitFor('connected again', () => api.model.connection(CONN)?.status === 'connected', 30000);
    await waitFor('its pods again', () => podNode('init-raises'), 30000);
  });

  it('a user allowed only the Azure ML namespace sees it, and the cluster node says what was refused and what it shows (issue 17)', async () => {
    const RBAC = 'rbac.authorization.k8s.io';
    cluster.apply([
      { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'azureml-reader', namespace: ns }, rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'pods/log', 'events', 'deployments'], verbs: ['get', 'list', 'watch'] }] },
      { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'alice-reads', namespace: ns }, subjects: [{ kind: 'User', name: 'alice', apiGroup: RBAC }], roleRef: { kind: 'Role', name: 'azureml-reader', apiGroup: RBAC } },
    ] as Parameters<TestCluster['apply']>[0]);
    const alice = cluster.addUser({ name: 'alice' });
    (extraDoc.users as unknown[]).push({ name: 'alice', user: { token: alice.token } });
    (extraDoc.contexts as unknown[]).push({ name: 'alice-in-ws', context: { cluster: 'same', user: 'alice', namespace: ns } });
    fs.writeFileSync(extra, stringify(extraDoc), { mode: 0o600 });
    const conn = await waitFor('alice\'s context in the tree', () => connNode('kubernetes:alice-in-ws'), 30000);
    tree().getChildren(conn); // expanding connects
    await waitFor('connected, namespace-scoped', () => (api.model.connection('kubernetes:alice-in-ws')?.scope && api.model.connection('kubernetes:alice-in-ws')?.status === 'connected' ? true : undefined), 30000);
    const node = connNode('kubernetes:alice-in-ws')!;
    assert.match(String(item(node).description), new RegExp(`· namespace ${ns} only$`));
    assert.match(String(item(node).tooltip instanceof vscode.MarkdownString ? (item(node).tooltip as vscode.MarkdownString).value : item(node).tooltip), /Refused: User "alice" may not list pods at the cluster scope\./);
    const children = await waitFor('the Azure ML services of her namespace', () => {
      const c = tree().getChildren(node);
      return c.some((n) => n.type === 'kubernetesApp') ? c : undefined;
    }, 30000);
    const first = item(children[0]);
    assert.equal(first.label, `Cluster-wide watch refused: showing ${ns}`);
    assert.match(String(first.tooltip), new RegExp(`Watching instead: ${ns} \\(the context's namespace\\)\\.`));
    assert.ok(children.filter((n) => n.type === 'kubernetesApp').every((n) => n.type === 'kubernetesApp' && n.app.startsWith(`${ns}/`)));
    // The other clusters folded away, so her node is in sight.
    await vscode.commands.executeCommand('workbench.actions.treeView.azuremlDebug.services.collapseAll');
    await api.treeView.reveal(node, { expand: true, select: true, focus: true });
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('k8s-namespace-scoped');
  });

  it('writes no token or client key into any output channel, log panel tab or log file', async () => {
    // Let the output channel flush to its file.
    await new Promise((r) => setTimeout(r, 1500));
    const secrets = [cluster.token, badToken, Buffer.from(clientKeyPem).toString('base64'), ...clientKeyPem.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'))];
    const { root: logsRoot, files, ours } = windowLogFiles(api.context.logUri, extensionId);
    assert.ok(ours, `our output channel's log file under ${logsRoot}: ${files.join(', ')}`);
    assert.match(fs.readFileSync(ours, 'utf8'), /kubeconfig: 3 context\(s\)/);
    assert.match(fs.readFileSync(ours, 'utf8'), /401 Unauthorized/);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const s of secrets) assert.ok(!text.includes(s), `${f} contains a secret`);
    }
    for (const tab of api.logs!.tabIds()) {
      const text = api.logs!.linesFor(tab).join('\n');
      for (const s of secrets) assert.ok(!text.includes(s), `log tab ${tab} contains a secret`);
    }
  });
});
