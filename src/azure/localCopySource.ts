// What "Debug this locally" reads from Azure for one deployment: an online
// deployment with its endpoint and environment version, or a v1 web service.
// The endpoint and the environment are helpers, not the point: when either
// cannot be read (a registry environment, a missing read permission) the
// copy is still made and the reason goes into its notes.
import { l10n } from '../core/l10n';
import type { EnvironmentVersion, OnlineDeployment, OnlineEndpoint, ServiceResource } from '../core/azure/armTypes';
import { assetOf, azureCopyTarget, type AzureCopyTarget } from '../core/azure/localCopy';
import { redactError } from '../core/model/secrets';
import type { AzureMlApi, WorkspaceRef } from './azureMlApi';

/** The resources a local copy is made from. */
export type AzureCopySource =
  | { kind: 'online'; target: AzureCopyTarget & { kind: 'online' }; deployment: OnlineDeployment; endpoint?: OnlineEndpoint; environment?: EnvironmentVersion | { error: string } }
  | { kind: 'service'; target: AzureCopyTarget & { kind: 'service' }; service: ServiceResource };

/** Why `id` cannot be copied, in words; thrown by {@link readCopySource}. */
export class NotCopyableError extends Error {}

/** Reads the deployment or web service `id` names (an ARM resource id, as the tree's records hold it). */
export async function readCopySource(api: AzureMlApi, id: string, signal?: AbortSignal): Promise<AzureCopySource> {
  const target = azureCopyTarget(id);
  if (!target) throw new NotCopyableError(l10n.t('"{0}" is not an Azure ML online deployment or web service.', id));
  const ws: WorkspaceRef = { subscriptionId: target.subscriptionId, resourceGroupName: target.resourceGroupName, workspaceName: target.workspaceName };
  if (target.kind === 'service') {
    const all = await api.listServices(ws, signal);
    const service = all.find((s) => s.id?.toLowerCase() === id.trim().toLowerCase()) ?? all.find((s) => s.name?.toLowerCase() === target.service.toLowerCase());
    if (!service) throw new NotCopyableError(l10n.t('The web service {0} is no longer in workspace {1}.', target.service, target.workspaceName));
    return { kind: 'service', target, service };
  }
  const deployment = await api.getOnlineDeployment(ws, target.endpoint, target.deployment, signal);
  const [endpoint, environment] = await Promise.all([
    api.getOnlineEndpoint(ws, target.endpoint, signal).catch(() => undefined),
    environmentOf(api, ws, deployment, signal),
  ]);
  return { kind: 'online', target, deployment, endpoint, environment };
}

/** The deployment's environment version when it is one of this workspace; else why not. */
async function environmentOf(api: AzureMlApi, ws: WorkspaceRef, d: OnlineDeployment, signal?: AbortSignal): Promise<EnvironmentVersion | { error: string } | undefined> {
  const asset = assetOf(d.properties?.environmentId);
  if (!asset) return undefined;
  if (!asset.inWorkspace) return { error: asset.registry ? l10n.t('it is in registry {0}', asset.registry) : l10n.t('it is not an asset of this workspace') };
  if (!asset.version) return { error: l10n.t('it names no version') };
  try {
    return await api.getEnvironmentVersion(ws, asset.name, asset.version, signal);
  } catch (err) {
    return { error: redactError(err) };
  }
}
