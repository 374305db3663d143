// The words of "Debug this locally" (src/commands/azure/debugLocally): what
// it asks, what it copied, and why it stopped. Each particular is masked as
// every message is (maskedL10n).
import { l10n } from './maskedL10n';

export const LocalCopyStrings = {
  noAzureDeployment: () => l10n.t('No Azure deployment is listed. Sign in to Azure in the Azure ML view, then pick a deployment there.'),
  notSignedIn: () => l10n.t('Sign in to Azure (in the Azure ML view) to copy a deployment from it.'),
  notCopyable: (id: string) => l10n.t('"{0}" is not an Azure ML online deployment or web service.', id),
  pickDeployment: () => l10n.t('Which Azure deployment to debug locally?'),
  noWorkspaceFolder: () => l10n.t('Open the folder holding the deployment\'s code first: the local copy is written into the workspace, beside it.'),
  reading: (name: string) => l10n.t('Copying {0} from Azure…', name),
  readFailed: (name: string, why: string) => l10n.t('Could not read {0} from Azure: {1}', name, why),
  pickCodeFolder: (script: string) => l10n.t('Several folders hold {0}. Which one is the deployment\'s code?', script),
  deploymentFileNamed: (file: string) => l10n.t('named by {0}', file),
  replaceCopy: (folder: string, files: string) => l10n.t('{0} already holds {1}. Replace them with the copy from Azure?', folder, files),
  replace: () => l10n.t('Replace'),
  written: (folder: string) => l10n.t('Copied into {0}.', folder),
  notCopied: (notes: string) => l10n.t('Not copied: {0}', notes),
  writeFailed: (folder: string, why: string) => l10n.t('Could not write the local copy into {0}: {1}', folder, why),
  sessionName: (name: string) => l10n.t('Debug {0} locally', name),
  noContainer: (name: string) => l10n.t('{0} did not start locally, so there is nothing to debug: the log panel and the deployment file say why.', name),
};
