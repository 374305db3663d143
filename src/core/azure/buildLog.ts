// Where the log of a failed image build is, read from the error Azure gave:
// Azure ML words it in the message, either as a link ("Image build failed.
// Build log: https://<acr task storage>/.../rawtext.log", seen from
// azure-ai-ml, Azure/azure-sdk-for-python#41536) or as a place in the
// workspace's blob store ('The build log is available in the workspace blob
// store "<store>" under the path "/azureml/ImageLogs/<id>/build.log"', the
// wording Azure ML's troubleshooting page quotes for ImageBuildFailure,
// MicrosoftDocs/azure-docs#91296). A link may be closed to the internet (the
// storage account refuses public access with a 409): then the words say where
// the log lives. Pure; the glue fetches.
import { l10n } from '../l10n';

/** A failed image build's log: a link to read, or a place in the workspace's blob store. */
export type BuildLog =
  | { kind: 'link'; url: string }
  | { kind: 'store'; store: string; path: string };

const LINK = /build log:\s*(https:\/\/[^\s"'<>]+)/i;
const STORE = /build log is available in the workspace blob store\s+"([^"]+)"\s+under the path\s+"([^"]+)"/i;
// The codes an image build's failure comes with: v2's, v1's, and azure-ai-ml's generic one.
const BUILD_CODES = /^(ImageBuildFailure|EnvironmentBuildFailed|ImageBuildFailed|UserError)$/i;

/** The build log an error names, when it is an image build's failure that names one. */
export function buildLogOf(error: { code?: string; message?: string } | undefined): BuildLog | undefined {
  const message = error?.message ?? '';
  if (!message || (error?.code && !BUILD_CODES.test(error.code) && !/image build/i.test(message))) return undefined;
  const store = STORE.exec(message);
  if (store) return { kind: 'store', store: store[1], path: store[2] };
  const link = LINK.exec(message);
  // Trailing punctuation ends the sentence, not the link.
  if (link) return { kind: 'link', url: link[1].replace(/[.,;:)]+$/, '') };
  return undefined;
}

/** Where the log lives, in words, for when it cannot be opened from here. */
export function buildLogWhere(b: BuildLog): string {
  if (b.kind === 'store') {
    return l10n.t('The image build\'s log is in the workspace\'s blob store "{0}", at {1}. Open it in Azure Machine Learning studio (Data, then Datastores, then {0}), or download it with `az storage blob download`.', b.store, b.path);
  }
  return l10n.t('The image build\'s log is at {0}, in the storage account of the registry\'s build tasks. When that account is closed to public access (it answers 409), read the log from a machine on the workspace\'s network, or in the deployment\'s logs in Azure Machine Learning studio.', b.url);
}

/** Why reading the link failed, in words: Azure Storage's own refusal when it sent one. */
export function buildLogRefusal(status: number, body: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  if (status === 409 && code === 'PublicAccessNotPermitted') return l10n.t('the storage account does not allow public access (409 PublicAccessNotPermitted)');
  if (status === 403 || status === 404) return l10n.t('the link has expired or is not allowed from here ({0}{1})', status, code ? ` ${code}` : '');
  return l10n.t('the storage account answered {0}{1}', status, code ? ` ${code}` : '');
}

/** The rest of what "Open Build Log" says. */
export const buildLogWords = {
  none: (name: string) => l10n.t('{0} failed without a build log Azure names: read its error in the tooltip, or its container log with Show Logs.', name),
  unread: (url: string, why: string, where: string) => l10n.t('The build log at {0} could not be read: {1}. {2}', url, why, where),
  openInBrowser: () => l10n.t('Open in Browser'),
  copyLink: () => l10n.t('Copy Link'),
  copyPath: () => l10n.t('Copy Path'),
  tooLarge: (mb: number) => l10n.t('(the build log goes on past {0} MB; the rest is not shown)', mb),
};
