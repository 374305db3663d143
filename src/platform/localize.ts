// User-facing strings in one place, through @vscode/l10n so they can be
// translated (bundles under l10n/); manifest strings live in package.nls.json.
import * as l10n from '@vscode/l10n';

export const Strings = {
  sampleNotFound: (path: string) =>
    l10n.t('The bundled sample deployment was not found at {0}. Set "azuremlDebug.sample.folder" to its folder.', path),
  untrustedNothingStarted: () =>
    l10n.t('This workspace is not trusted, so no container, port-forward or debugger is started. Trust the workspace to continue.'),
  noServiceToPick: () => l10n.t('No Azure ML service is listed yet. Start one, or pin a container with "Pin Container".'),
  pickService: () => l10n.t('Which service?'),
  dockerUnavailable: () => l10n.t('The Docker engine cannot be reached. Its node in the Azure ML view says why; it reconnects by itself.'),
  removeConfirm: (name: string) => l10n.t('Remove the container of "{0}"? Its logs go with it.', name),
  removeConfirmButton: () => l10n.t('Remove'),
  serviceActionFailed: (verb: string, name: string, why: string) => l10n.t('Could not {0} "{1}": {2}', verb, name, why),
  shellTerminalName: (name: string) => l10n.t('Shell: {0}', name),
  noScoringPort: (name: string) => l10n.t('"{0}" publishes no scoring port (5001) on this machine.', name),
  copied: (what: string) => l10n.t('Copied {0}', what),
  nothingToPin: () => l10n.t('Every container is already listed.'),
  pickContainerToPin: () => l10n.t('Container to list in the Azure ML view'),
  logPanelUnavailable: () => l10n.t('The log panel is not available.'),
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
  /** The `azureml` debug type (src/debug). */
  debug: {
    defaultName: () => l10n.t('Azure ML: Debug deployment'),
    badRequest: (request: string) => l10n.t('An "azureml" debug configuration needs "request": "launch" or "attach" (got "{0}").', request),
    noEntryScript: (script: string, folder: string) =>
      l10n.t('No {0} in {1}: set "appFolder" (and "entryScript") in the launch configuration to the folder of your scoring script.', script, folder),
    orphansFound: (count: number, names: string) => l10n.t('{0} debug container(s) from an earlier session are still there: {1}.', count, names),
    removeOrphans: () => l10n.t('Remove Them'),
  },
};
