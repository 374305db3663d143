// User-facing strings in one place, each through `l10n.t` (core/l10n: VS Code's
// `vscode.l10n.t` in the extension host, @vscode/l10n with a bundle the host
// names in the standalone adapter), so l10n/bundle.l10n.<lang>.json translates
// them; manifest strings live in package.nls.json and package.nls.<lang>.json.
// Every particular filled into a sentence is masked (maskedL10n). The crash
// causes' words are in crashStrings.
import { crashStrings } from './crashStrings';
import { l10n } from './maskedL10n';


export const Strings = {
  sampleNotFound: (path: string) =>
    l10n.t('The bundled sample deployment was not found at {0}. Set "azuremlDebug.sample.folder" to its folder.', path),
  untrustedNothingStarted: () =>
    l10n.t('This workspace is not trusted, so no container, port-forward or debugger is started. Trust the workspace to continue.'),
  azureNoExec: (name: string) => l10n.t('{0} runs in Azure: nothing can be run in its container from here. Its logs and a test request can.', name),
  noServiceToPick: () => l10n.t('No Azure ML service is listed yet. Start one, or pin a container with "Pin Container".'),
  pickService: () => l10n.t('Which service?'),
  dockerUnavailable: () => l10n.t('The Docker engine cannot be reached. Its node in the Azure ML view says why; it reconnects by itself.'),
  removeConfirm: (name: string) => l10n.t('Remove the container of "{0}"? Its logs go with it.', name),
  removeConfirmButton: () => l10n.t('Remove'),
  serviceActionFailed: (verb: string, name: string, why: string) => l10n.t('Could not {0} "{1}": {2}', verb, name, why),
  /** A service action's verb, as serviceActionFailed and notOffered take it. */
  verb: (verb: 'start' | 'stop' | 'restart' | 'remove' | 'inspect' | 'save') =>
    ({ start: () => l10n.t('start'), stop: () => l10n.t('stop'), restart: () => l10n.t('restart'), remove: () => l10n.t('remove'), inspect: () => l10n.t('inspect'), save: () => l10n.t('save') })[verb](),
  shellTerminalName: (name: string) => l10n.t('Shell: {0}', name),
  noScoringPort: (name: string) => l10n.t('"{0}" publishes no scoring port (5001) on this machine.', name),
  copied: (what: string) => l10n.t('Copied {0}', what),
  nothingToPin: () => l10n.t('Every container is already listed.'),
  pickContainerToPin: () => l10n.t('Container to list in the Azure ML view'),
  debugServiceName: (name: string) => l10n.t('Debug {0}', name),
  saveAsImageTitle: (name: string) => l10n.t('Save the container of "{0}" as an image (its mounted app folder included)', name),
  badImageReference: () => l10n.t('Use an image name like "my-model:debug" (lower case, optional registry and tag).'),
  savingImage: (name: string, ref: string) => l10n.t('Saving "{0}" as {1}…', name, ref),
  savedImage: (ref: string, included: string, leftOut: string) =>
    [
      l10n.t('Saved the container as image {0}.', ref),
      included ? l10n.t('It holds the mounted files of {0} as they are now, so it runs without mounts.', included) : '',
      leftOut ? l10n.t('Not in it: {0} (not files of this machine).', leftOut) : '',
    ].filter(Boolean).join(' '),
  notOffered: (verb: string, name: string) => l10n.t('"{1}" cannot be told to {0} from here: its runtime does not offer it.', verb, name),
  serviceGone: () => l10n.t('The service is no longer listed.'),
  /** Clusters and pods (src/kubernetes, src/commands/kubernetes). */
  kubernetes: {
    noPod: () => l10n.t('No pod is listed yet. Expand a cluster in the Azure ML view first.'),
    pickPod: () => l10n.t('Which pod?'),
    pickContainer: (pod: string) => l10n.t('Which container of {0}?', pod),
    notConnected: (why: string) => l10n.t('The cluster is not connected. {0}', why),
    forwardFailed: (pod: string, port: number, why: string) => l10n.t('Could not forward port {1} of {0}: {2}', pod, port, why),
    forwardLost: (pod: string, why: string) => l10n.t('The debug session of {0} ended: {1}. If the cluster is down or restarting, attach again once it answers.', pod, why),
    sessionName: (pod: string) => l10n.t('Azure ML: {0}', pod),
    testFailed: (pod: string, why: string) => l10n.t('The test request to {0} failed: {1}', pod, why),
  },
  /** Azure ML v2 deployment.yml files (src/diagnostics/onlineDiagnostics). */
  online: {
    removeKey: (key: string) => l10n.t('Remove "{0}"', key),
    frontDoorRules: (timeoutMs: number, concurrency: number, queue: number) =>
      l10n.t('Behaves like Azure (Send Test Request goes through a local front door): 408 after {0} ms (request_timeout_ms); {1} at once and {2} waiting, then 429; an answer other than 200 becomes 424.', timeoutMs, concurrency, queue),
    /** A path built from AZUREML_MODEL_DIR that only `az ml ... --local` has (it mounts model.path's folder). */
    modelPathCliOnly: (rel: string, base: string) =>
      l10n.t('"{0}" is under AZUREML_MODEL_DIR only in `az ml online-deployment create --local`, which mounts the folder around the model. Azure gives AZUREML_MODEL_DIR "{1}" alone, so there this path does not exist and init() fails.', rel, base),
    /** A path built from AZUREML_MODEL_DIR that neither layout has. */
    modelPathMissing: (rel: string, base: string) =>
      l10n.t('"{0}" is not under AZUREML_MODEL_DIR, locally or in Azure: both put model.path there under its own name, "{1}".', rel, base),
    modelPathFoundAt: (path: string) => l10n.t('The file is at "{0}".', path),
    modelPathOfDeployment: (file: string) => l10n.t('model.path of {0}', file),
    useModelPath: (path: string) => l10n.t('Open "{0}" from AZUREML_MODEL_DIR (there locally and in Azure)', path),
    azureLayout: (base: string, parent: string) =>
      l10n.t('In Azure, AZUREML_MODEL_DIR holds "{0}" alone; `az ml online-deployment create --local` mounts all of {1} there.', base, parent),
    noModelDirPaths: (script: string) => l10n.t('{0} builds no path from AZUREML_MODEL_DIR out of literals: compare the trees below with the path init() opens.', script),
    stoppedCopy: (name: string) => l10n.t('{0} (a stopped copy: same image, environment and mounts)', name),
  },
  /** The log panel (src/logs) and its webview. */
  logs: {
    previousTitle: (title: string) => l10n.t('{0} (previous run)', title),
    frameNotFound: (path: string) => l10n.t('No workspace file matches {0}.', path),
    restarted: () => l10n.t('Restarted'),
    exitCode: (code: number) => l10n.t('exit code {0}', code),
    restartCount: (count: number) => l10n.t('restart #{0}', count),
    webview: () => ({
      pause: l10n.t('Pause'),
      follow: l10n.t('Follow'),
      timestamps: l10n.t('Timestamps'),
      filter: l10n.t('Filter (text or /regex/)'),
      lastRestart: l10n.t('Last restart'),
      previous: l10n.t('Previous run'),
      showAll: l10n.t('Show all'),
      openDocument: l10n.t('Open as document'),
      close: l10n.t('Close'),
      empty: l10n.t('No log open. Use "Show Logs" on a service in the Azure ML view.'),
      noRestart: l10n.t('No restart seen in this log.'),
      previousBanner: l10n.t('The run before the last restart.'),
      newLines: l10n.t('{0} new lines'),
      restarted: l10n.t('Restarted'),
      exitCode: l10n.t('exit code {0}'),
      restartCount: l10n.t('restart #{0}'),
      connecting: l10n.t('connecting'),
      live: l10n.t('live'),
      reconnecting: l10n.t('reconnecting'),
      ended: l10n.t('ended'),
      error: l10n.t('error'),
      lines: l10n.t('{0} lines'),
      loading: l10n.t('reading earlier lines…'),
      cut: l10n.t('{0} of {1} characters shown (Open as document for the whole line)'),
      continues: l10n.t('the line goes on in the next row'),
    }),
  },
  /** launch.json, conda and score.py scaffolding (src/commands/launch, env, score). */
  scaffold: {
    noFolder: () => l10n.t('Open a folder first: the configuration goes into its .vscode/launch.json.'),
    pickTarget: () => l10n.t('Which launch configuration file?'),
    workspaceTarget: () => l10n.t('Workspace file (its "launch" section)'),
    pickTypes: () => l10n.t('Which attach configurations?'),
    azuremlType: () => l10n.t('Azure ML attach (works without the Python extension)'),
    debugpyType: () => l10n.t('Python Debugger attach (debugpy), as in the Azure ML docs'),
    launchAdded: (name: string, file: string) => l10n.t('Added "{0}" to {1}.', name, file),
    launchUpdated: (name: string, file: string) => l10n.t('Updated "{0}" in {1}.', name, file),
    launchUnchanged: (name: string, file: string) => l10n.t('{1} already has "{0}" with these settings.', name, file),
    notChanged: (file: string, why: string, line: number, column: number) =>
      l10n.t('{0} was not changed: {1} (line {2}, column {3})', file, why, line, column),
    openAtError: () => l10n.t('Open at the Error'),
    editRefused: (file: string) => l10n.t('VS Code did not apply the edit to {0}.', file),
    noCondaFile: () => l10n.t('No conda environment file found: neither one named in inferenceconfig.json nor a myenv.yml.'),
    pickCondaFile: () => l10n.t('Which conda environment file?'),
    debugpyAdded: (file: string) => l10n.t('Added debugpy to the pip list of {0}.', file),
    unchanged: (file: string, why: string) => l10n.t('{0} unchanged: {1}', file, why),
    noScoreFile: () => l10n.t('No entry script found: open score.py, or name it in inferenceconfig.json.'),
    pickScoreFile: () => l10n.t('Which entry script?'),
    pickListenHost: () => l10n.t('Where will this score.py run?'),
    hostLocal: () => l10n.t('On this machine: listen on 127.0.0.1'),
    hostContainer: () => l10n.t('Inside a container: listen on 0.0.0.0 (publish the port on 127.0.0.1)'),
    hookInserted: (file: string, line: number, where: string) =>
      l10n.t('Inserted the debug hook into {0} at line {1}; debugpy will listen on {2}.', file, line, where),
    hookRemoved: (file: string) => l10n.t('Removed the debug hook from {0}.', file),
    fixAddAzuremlDefaults: () => l10n.t('Add azureml-defaults>=1.0.45 to the pip list'),
    fixRaiseAzuremlDefaults: () => l10n.t('Require azureml-defaults>=1.0.45'),
  },
  /** Crash causes as diagnostics, tree descriptions and quick fixes (src/diagnostics/crash*). */
  crash: crashStrings,

  /** The `azureml` debug type (src/debug). */
  debug: {
    defaultName: () => l10n.t('Azure ML: Debug deployment'),
    badRequest: (request: string) => l10n.t('An "azureml" debug configuration needs "request": "launch" or "attach" (got "{0}").', request),
    noEntryScript: (script: string, folder: string) =>
      l10n.t('No {0} in {1}: set "appFolder" (and "entryScript") in the launch configuration to the folder of your scoring script.', script, folder),
    unsubstituted: (variable: string, name: string) =>
      l10n.t('"{1}" still has {0} in a path after VS Code replaced the variables it knows: use ${workspaceFolder} or an absolute path.', variable, name),
    waitingForDebugpy: (host: string, port: number) => l10n.t('Waiting for debugpy on {0}:{1}…', host, String(port)),
    nothingListens: (host: string, port: number, seconds: number) =>
      l10n.t('Nothing listens on {0}:{1}: no debugpy came up there within {2} s.', host, String(port), seconds),
    notDebugpy: (host: string, port: number, seconds: number) =>
      l10n.t('Something listens on {0}:{1}, but it is not debugpy: it gave no debugger answer within {2} s.', host, String(port), seconds),
    unreachable: (host: string, port: number, reason: string) => l10n.t('{0}:{1} cannot be reached ({2}).', host, String(port), reason),
    waysIntro: () => l10n.t('Start a deployment with debugpy: Debug a service in the Azure ML Deployments view, insert the debug hook into score.py, or launch a debug container.'),
    wayDebugService: () => l10n.t('Debug Service…'),
    wayScoreHook: () => l10n.t('Insert Hook…'),
    wayLaunch: () => l10n.t('Launch Container'),
    orphansFound: (count: number, names: string) => l10n.t('{0} debug container(s) from an earlier session are still there: {1}.', count, names),
    removeOrphans: () => l10n.t('Remove Them'),
    noOrphans: () => l10n.t('No debug containers from earlier sessions are left.'),
    confirmRemoveOrphans: (count: number, names: string) => l10n.t('Remove {0} debug container(s) left by earlier sessions? {1}', count, names),
    removedOrphans: (count: number) => l10n.t('Removed {0} leftover debug container(s).', count),
  },
  /** Pulling a missing image (debug launch, Deploy Locally's base image): src/platform/pullText.ts. */
  pull: {
    title: (image: string) => l10n.t('Pulling {0}', image),
    layers: (done: number, total: number) => l10n.t('{0} of {1} layers', done, total),
    layersAndBytes: (done: number, total: number, bytes: string, bytesTotal: string) => l10n.t('{0} of {1} layers, {2} of {3}', done, total, bytes, bytesTotal),
    starting: () => l10n.t('contacting the registry'),
    cancelled: (image: string) => l10n.t('Stopped pulling {0}. Nothing was started.', image),
    // The reason and the action come first: a collapsed notification shows one line.
    dns: (image: string, registry: string, detail: string) =>
      l10n.t('No network, or a wrong registry name: {1} could not be resolved, so {0} was not pulled. Check the connection (and proxy), or pull the image by hand. ({2})', image, registry, detail),
    refused: (image: string, registry: string, detail: string) =>
      l10n.t('Nothing answered at {1}, so {0} was not pulled. Check that the registry address is right and reachable from this machine. ({2})', image, registry, detail),
    timeout: (image: string, registry: string, detail: string) =>
      l10n.t('{1} did not answer in time, so {0} was not pulled. Check the network connection (and proxy), then try again. ({2})', image, registry, detail),
    unreachable: (image: string, registry: string, detail: string) =>
      l10n.t('The connection to {1} failed, so {0} was not pulled. Check the network connection (and proxy), then try again. ({2})', image, registry, detail),
    auth: (image: string, registry: string, login: string, detail: string) =>
      l10n.t('Not logged in to {1} (or the login expired): run {2}, then try again. {0} was not pulled; if you are logged in, check its name. ({3})', image, registry, login, detail),
    or: () => l10n.t(' or '),
    notFound: (image: string, registry: string, detail: string) =>
      l10n.t('{1} has no image {0}: the name or tag is wrong. Check them in the setting or the launch configuration. ({2})', image, registry, detail),
    other: (image: string, detail: string) => l10n.t('Could not pull {0}: {1}', image, detail),
  },
  /** Local deployments (src/commands/deploy): the seeds' LocalWebservice workflow. */
  deploy: {
    statusName: () => l10n.t('Azure ML Local Deployment'),
    statusState: (state: 'healthy' | 'starting' | 'unhealthy' | 'stopped' | 'crashed') =>
      ({ healthy: l10n.t('running'), starting: l10n.t('starting'), unhealthy: l10n.t('running, failing its health check'), stopped: l10n.t('stopped'), crashed: l10n.t('crashed') })[state],
    statusTooltip: (service: string, state: string, url: string) =>
      url ? l10n.t('Local deployment {0}: {1}, scoring at {2}. Click for its actions.', service, state, url) : l10n.t('Local deployment {0}: {1}. Click for its actions.', service, state),
    statusActionsTitle: (service: string) => l10n.t('Local deployment {0}', service),
    actionTestRequest: () => l10n.t('Send Test Request'),
    actionDebug: () => l10n.t('Debug'),
    actionReload: () => l10n.t('Reload the Entry Script'),
    actionLogs: () => l10n.t('Show Logs'),
    actionUpdate: () => l10n.t('Update (rebuild and replace)'),
    actionDelete: () => l10n.t('Delete'),
    pickConfig: () => l10n.t('Which inferenceconfig.json to deploy?'),
    pickFolderButton: () => l10n.t('Deploy This Folder'),
    pickEntryScript: () => l10n.t('Entry script (it defines init() and run())'),
    pickEnvironment: () => l10n.t('Conda environment file'),
    pickModel: () => l10n.t('Model file or folder (copied into the image; AZUREML_MODEL_DIR points at it)'),
    none: () => l10n.t('(none)'),
    configWritten: (file: string) => l10n.t('Wrote your answers to {0}; edit it to change them.', file),
    deploying: (name: string) => l10n.t('Deploying "{0}" locally', name),
    updating: (name: string) => l10n.t('Updating "{0}"', name),
    reloading: (name: string) => l10n.t('Reloading "{0}"', name),
    deleting: (name: string) => l10n.t('Deleting "{0}"', name),
    running: (port: number) => l10n.t('Local webservice is running at http://localhost:{0}', port),
    deployed: (name: string) => l10n.t('Deployed "{0}".', name),
    updated: (name: string, version: number, changed: string) => l10n.t('Updated "{0}" to version {1} (rebuilt: {2}).', name, version, changed),
    nothing: () => l10n.t('nothing changed'),
    reloaded: (name: string) => l10n.t('Reloaded "{0}" without a rebuild.', name),
    portTaken: (wanted: number, used: number) => l10n.t('Port {0} is taken; the service is published on port {1} instead.', wanted, used),
    crashed: (name: string, code: number, tail: string) =>
      l10n.t('Container "{0}" has crashed (exit code {1}). Did your init method fail? Its logs are in the log panel.\n{2}', name, code, tail),
    unreadableSource: (user: string, where: string, runAs: string) =>
      l10n.t('The container runs as "{0}", which cannot read {1}, so the server would stop at once. Run the container as your user ({2}), or make the folder readable to others.', user, where, runAs),
    crashedUnreadable: (name: string, where: string, folder: string) =>
      l10n.t('Container "{0}" stopped: its user cannot read {1} (the mounted folder {2}). Deploy it to run as your user, or make the folder readable to others, then deploy again.', name, where, folder),
    runAsMe: (runAs: string) => l10n.t('Run as My User ({0})', runAs),
    makeReadable: () => l10n.t('Make the Folder Readable'),
    madeReadable: (paths: string) => l10n.t('Made readable to others: {0}', paths),
    notHealthy: (name: string, tail: string) => l10n.t('"{0}" did not answer its health route (GET /) in time. Its logs are in the log panel. Last lines:\n{1}', name, tail),
    cancelledWaiting: (name: string) => l10n.t('Stopped waiting for "{0}"; the container is left running.', name),
    cancelled: () => l10n.t('Cancelled. Nothing was left half-made.'),
    openFile: () => l10n.t('Open at the Problem'),
    installFailed: (what: string) =>
      l10n.t('Image build failed: the environment layer {0}. No package index may be reachable from the build: use a base image that already has these packages, or remove them from the environment file.', what),
    buildFailed: (why: string) => l10n.t('Image build failed: {0}', why),
    buildLogAt: (file: string) => l10n.t('Build log: {0}', file),
    openBuildLog: () => l10n.t('Open Build Log'),
    failed: (why: string) => l10n.t('Local deployment failed: {0}', why),
    deleteConfirm: (name: string) => l10n.t('Delete the local service "{0}"? Its container is removed; its images can go too.', name),
    deleteWithImages: () => l10n.t('Delete Container and Images'),
    deleteContainerOnly: () => l10n.t('Delete Container Only'),
    deleted: (name: string, images: number) => l10n.t('Deleted "{0}" ({1} image(s) removed).', name, images),
    pickRequestButton: () => l10n.t('Send This File'),
    notJson: (file: string, line: number, column: number) => l10n.t('{0} is not valid JSON (line {1}, column {2}); it is sent as text.', file, line, column),
    answer: (name: string, status: number, ms: number) => l10n.t('{0}: HTTP {1} in {2} ms', name, status, ms),
    noAnswer: (name: string, ms: number) => l10n.t('{0}: no answer after {1} ms', name, ms),
    openResponse: () => l10n.t('Open Response'),
    explain502: () =>
      l10n.t('502 (or the server\'s 500): run() in score.py raised or crashed. The traceback is in the logs; catch the error in run() and return it while debugging.'),
    explain503: () =>
      l10n.t('503: more requests than the replicas can take at once. On AKS, lower autoscale_target_utilization or raise autoscale_min_replicas.'),
    explain503NotReady: () =>
      l10n.t('503 with no replica ready: the front end had no replica to send the request to. The service is still starting or keeps crashing; see its logs.'),
    explain504: (ms?: number) =>
      l10n.t('504: the request timed out ({0}). Speed up score.py or raise the scoring timeout; the code may hang or loop forever.', ms ? `${ms} ms` : l10n.t('one minute by default')),
    slowStart: (name: string, took: number, budget: number, delay: number, period: number, threshold: number) =>
      l10n.t(
        '"{0}" answered after {1} s, but Azure\'s readiness probe gives up after {2} s (initial_delay {3} s + period {4} s × failure_threshold {5}): there the deployment would fail. Make init() faster, or raise readiness_probe.initial_delay or failure_threshold.',
        name, took.toFixed(1), budget, delay, period, threshold,
      ),
    keptTitle: (name: string, ended: string) => l10n.t('{0} (replaced; {1})', name, ended),
    keptExit: (code: number) => l10n.t('exited with code {0}', code),
    keptDescription: (image: string) => l10n.t('The output of a container Update replaced ({0}), kept until you close this tab.', image),
    explainNoAnswer: () => l10n.t('The service closed the connection or did not answer: it may have crashed; see its logs.'),
    explain408: (ms: number) =>
      l10n.t('408 after {0} ms: run() took longer than request_settings.request_timeout_ms, so Azure would answer 408 too (run() itself goes on). Make run() faster, or raise request_timeout_ms (at most 180000).', ms),
    runWasAt: (where: string) => l10n.t('When it was cut off, run() was at {0} in the debug session (a breakpoint holds the request there).', where),
    explain429: () =>
      l10n.t('429: more requests at once than max_concurrent_requests_per_instance × instance_count run and wait; Azure turns the rest away the same way. Raise them, or send fewer at once.'),
    explain424: (status: number) =>
      l10n.t('424: run() answered {0}; Azure passes that on as 424 with ms-azureml-model-error-statuscode: {0}. The cause is in run(); see the service\'s logs.', status),
  },
};
