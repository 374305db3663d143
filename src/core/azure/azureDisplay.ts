// How the Azure part of the tree reads: the Azure root (signed in or not,
// "updated 20 s ago"), a subscription or workspace (with the error that kept
// it from being read), an endpoint, and a deployment or v1 web service (state,
// instance type and count, traffic, last error). Pure: records and listing in,
// Display out; contextValues are dotted states for menus.
import { l10n } from '../l10n';
import type { AzureListing, AzureNodeError } from '../model/azureDetails';
import type { Display } from '../model/serviceDisplay';
import type { ConnectionState, ServiceRecord } from '../model/serviceRecord';
import { buildLogOf, buildLogWhere } from './buildLog';
import { updatedAgo, viewDescription, type AzureDeploymentState } from './deploymentView';

const ICON: Record<AzureDeploymentState, { icon: string; color?: string }> = {
  ready: { icon: 'pass-filled', color: 'testing.iconPassed' },
  transitioning: { icon: 'sync~spin' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  unhealthy: { icon: 'warning', color: 'list.warningForeground' },
  canceled: { icon: 'circle-slash' },
  unknown: { icon: 'question' },
};

function errorLines(e: AzureNodeError | undefined): string[] {
  return e ? [e.message, e.advice ?? ''] : [];
}

/** The Azure root: signed out, listing, listed ("updated 20 s ago"), or failing as a whole. */
export function azureRootDisplay(c: ConnectionState, nowMs: number): Display {
  const listing: AzureListing | undefined = c.azure;
  const base = { label: c.label, icon: 'azure' };
  if (!listing?.signedIn) {
    return { ...base, description: l10n.t('signed out'), tooltip: [`**${c.label}**`, c.reason ?? l10n.t('Sign in to Azure to see your deployments.')], contextValue: 'connection.azure.signedOut' };
  }
  const when = listing.updatedAt !== undefined ? updatedAgo(listing.updatedAt, nowMs) : l10n.t('listing…');
  if (c.status === 'unreachable') {
    return {
      ...base, description: `${l10n.t('unreachable: {0}', c.reason ?? l10n.t('unknown reason'))} · ${when}`, tooltip: [`**${c.label}**`, listing.account ?? '', c.reason ?? '', c.advice ?? ''],
      icon: 'debug-disconnect', color: 'testing.iconFailed', contextValue: 'connection.azure.unreachable',
    };
  }
  return { ...base, description: [listing.account, when].filter(Boolean).join(' · '), tooltip: [`**${c.label}**`, listing.account ?? '', when], contextValue: 'connection.azure.connected' };
}

/** A subscription or workspace: its name, and the error that kept its children from being read. */
export function azureContainerDisplay(kind: 'subscription' | 'workspace', name: string, detail: string, error?: AzureNodeError): Display {
  return {
    label: name,
    description: error ? l10n.t('error: {0}', error.message) : detail,
    tooltip: [`**${name}**`, detail, ...errorLines(error)],
    icon: error ? 'warning' : kind === 'subscription' ? 'key' : 'beaker',
    ...(error ? { color: 'list.warningForeground' } : {}),
    contextValue: `azure.${kind}${error ? '.error' : ''}`,
  };
}

/** An online endpoint: its name and how many deployments. */
export function azureEndpointDisplay(name: string, deployments: number, scoringUri?: string): Display {
  return { label: name, description: l10n.t('{0} deployment(s)', deployments), tooltip: [`**${name}**`, scoringUri ?? ''], icon: 'globe', contextValue: 'azure.endpoint' };
}

/**
 * A deployment or web service. contextValue:
 * `service.azure.<online|webservice>.<state>[.endpoint][.buildLog]` (`.endpoint`
 * when it has a scoring URI a test request can go to, `.buildLog` when its
 * error names a failed image build's log).
 */
export function azureServiceDisplay(r: ServiceRecord): Display {
  const v = r.azure!.view;
  const look = ICON[v.state];
  const error = v.error ? [`${v.error.code ?? ''}${v.error.code && v.error.message ? ': ' : ''}${v.error.message ?? ''}`] : [];
  const description = [viewDescription(v), ...(v.error?.code ? [v.error.code] : [])].join(' · ');
  const buildLog = buildLogOf(v.error);
  return {
    label: v.name,
    description,
    tooltip: [`**${r.name}**`, viewDescription(v), ...error, buildLog ? buildLogWhere(buildLog) : '', r.appSource ? l10n.t('Local code: {0}', r.appSource) : ''],
    icon: look.icon,
    ...(look.color ? { color: look.color } : {}),
    contextValue: `service.azure.${v.kind}.${v.state}${v.scoringUri ? '.endpoint' : ''}${buildLog ? '.buildLog' : ''}`,
  };
}
