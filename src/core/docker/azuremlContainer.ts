// Decides whether a container is an Azure ML deployment, from what `docker
// inspect` says of it: the SDK's LocalWebservice labels, the v2 CLI's local
// endpoint labels, our own labels, the
// Azure ML inference images, or the /var/azureml-app contract.
import { APP_ROOT } from '../model/appRoot';
import { CliLabels } from '../model/cliLabels';

/** The parts of a container inspection the decision reads. */
export interface ContainerFacts {
  image: string;
  labels: Record<string, string>;
  env: string[];
  mountDestinations: string[];
}

/** Labels the Azure ML SDK's LocalWebservice puts on its containers. */
const SDK_LABELS = ['amlIsService', 'amlServiceName', 'amlModelPathDir'];
/** Label this extension puts on the containers it starts (value: the feature). */
export const OWNER_LABEL = 'com.azureml-debug.owner';
/** Azure ML base images (mcr.microsoft.com/azureml/...), images the SDK built
 * into a workspace registry (.../azureml/azureml_<hash>), and our sample. */
const AZUREML_IMAGES = [/(^|\/)azureml\//i, /(^|\/)azureml_[0-9a-f]{16,}/i, /^azureml-debug\/inference[:@]/];
const CONTRACT_ENV = ['AML_APP_ROOT=', 'AZUREML_ENTRY_SCRIPT=', 'AZUREML_MODEL_DIR='];

/** Why a container counts as Azure ML, or undefined when it does not. */
export function azuremlReason(facts: ContainerFacts): 'ours' | 'azureml' | undefined {
  if (OWNER_LABEL in facts.labels) return 'ours';
  if (SDK_LABELS.some((k) => k in facts.labels) || CliLabels.localEndpoint in facts.labels) return 'azureml';
  if (facts.mountDestinations.some((d) => d === APP_ROOT || d.startsWith(`${APP_ROOT}/`))) return 'azureml';
  if (facts.env.some((e) => CONTRACT_ENV.some((p) => e.startsWith(p)))) return 'azureml';
  if (AZUREML_IMAGES.some((re) => re.test(facts.image))) return 'azureml';
  return undefined;
}
