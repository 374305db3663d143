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
};
