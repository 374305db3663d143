// "Debug this locally", the v1 half: a web service (ACI or AKS) as Resource
// Manager returns it, turned into the inferenceconfig.json and
// deploymentconfig.json pair that Deploy Locally's v1 road reads. The
// service's image request holds the entry script, the conda dependencies and
// the variables; the code and models are in Azure storage (the glue finds the
// local code folder). Secrets are left out; what cannot be copied is noted. Pure.
import { l10n } from '../l10n';
import type { ServiceResource } from './armTypes';
import { writableVariables, type LocalCopy } from './localCopy';

/** What the glue found for one web service. */
export interface ServiceCopyInput {
  service: ServiceResource;
  /** The local folder holding the entry script, relative to the copy's folder (`/` separated). */
  sourceDirectory?: string;
  /** A local model file or folder, relative to the copy's folder, when one is known. */
  modelPath?: string;
}

/** The entry script a web service runs (its image request's driverProgram), undefined when it names none. */
export function serviceEntryScript(service: ServiceResource): string | undefined {
  const d = service.properties?.environmentImageRequest?.driverProgram;
  return typeof d === 'string' && d.trim() ? d.trim() : undefined;
}

/** inferenceconfig.json and deploymentconfig.json for `input`, with what could not be copied. */
export function serviceLocalCopy(input: ServiceCopyInput): LocalCopy {
  const notes: string[] = [];
  const p = input.service.properties ?? ({} as ServiceResource['properties']);
  const request = p.environmentImageRequest ?? undefined;
  const entryScript = serviceEntryScript(input.service);
  if (!entryScript) notes.push(l10n.t('The web service names no entry script; "score.py" is assumed: correct entryScript in inferenceconfig.json.'));
  if (!input.sourceDirectory) notes.push(l10n.t('No local folder holds the entry script {0}: set sourceDirectory in inferenceconfig.json to the folder that does.', entryScript ?? 'score.py'));
  const env = request?.environment ?? undefined;
  const conda = env?.python?.condaDependencies;
  const environment: Record<string, unknown> = {};
  if (conda && typeof conda === 'object' && !Array.isArray(conda)) environment.python = { condaDependencies: conda };
  else {
    const ref = request?.environmentReference;
    const named = ref?.name ? `${ref.name}${ref.version ? `:${ref.version}` : ''}` : env?.name ? `${env.name}${env.version ? `:${env.version}` : ''}` : undefined;
    notes.push(named
      ? l10n.t('The environment {0} is registered in Azure and its packages were not in the answer: name its conda file in inferenceconfig.json (condaFile).', named)
      : l10n.t('The web service names no conda dependencies: name its conda file in inferenceconfig.json (condaFile) if it needs packages.'));
  }
  const vars = writableVariables(env?.environmentVariables, notes);
  if (vars) environment.environmentVariables = vars;
  const base = env?.docker?.baseImage;
  if (base) notes.push(l10n.t('In Azure the service ran on base image {0}; Deploy Locally builds on the image of the setting azuremlDebug.deploy.baseImage.', base));
  const models = request?.modelIds?.filter((m) => typeof m === 'string' && m) ?? [];
  if (models.length && !input.modelPath) notes.push(l10n.t('The model {0} is stored in Azure only: download it next to the entry script and add "modelPath" to inferenceconfig.json.', models.join(', ')));
  const inference: Record<string, unknown> = {
    entryScript: entryScript ?? 'score.py',
    sourceDirectory: input.sourceDirectory ?? '.',
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(input.modelPath ? { modelPath: input.modelPath } : {}),
  };
  const resources = p.containerResourceRequirements;
  if (resources && (resources.cpu || resources.memoryInGB)) {
    notes.push(l10n.t('In Azure it ran with {0} CPU cores and {1} GB of memory; the local container is not limited.', String(resources.cpu ?? '?'), String(resources.memoryInGB ?? '?')));
  }
  const deployment = { computeType: 'local' };
  return {
    files: [
      { name: 'inferenceconfig.json', text: `${JSON.stringify(inference, null, 2)}\n` },
      { name: 'deploymentconfig.json', text: `${JSON.stringify(deployment, null, 2)}\n` },
    ],
    folders: [],
    notes,
  };
}
