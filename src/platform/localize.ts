// User-facing strings in one place, through @vscode/l10n so they can be
// translated (bundles under l10n/); manifest strings live in package.nls.json.
import * as l10n from '@vscode/l10n';

export const Strings = {
  sampleNotFound: (path: string) =>
    l10n.t('The bundled sample deployment was not found at {0}. Set "azuremlDebug.sample.folder" to its folder.', path),
  untrustedNothingStarted: () =>
    l10n.t('This workspace is not trusted, so no container, port-forward or debugger is started. Trust the workspace to continue.'),
};
