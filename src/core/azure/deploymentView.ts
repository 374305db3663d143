// What the tree will show of a deployment in Azure, as plain data: a v2
// online deployment's state, instance type and count, traffic share and last
// error; a v1 web service's state, compute type and error; when to poll again
// (Azure has no event stream: while something is transitioning the list is
// read again, the interval backing off) and "updated 20 s ago". Pure.
import { l10n } from '../l10n';
import type { ArmErrorDetail, OnlineDeployment, OnlineEndpoint, ServiceResource } from './armTypes';

/** The state the tree shows, the same words for v2 and v1. */
export type AzureDeploymentState = 'ready' | 'transitioning' | 'failed' | 'canceled' | 'unhealthy' | 'unknown';

/** A v2 online deployment as a row of the tree. */
export interface OnlineDeploymentView {
  kind: 'online';
  id: string;
  name: string;
  endpointName: string;
  state: AzureDeploymentState;
  /** provisioningState as Azure gives it. */
  provisioningState?: string;
  computeType: OnlineDeployment['properties']['endpointComputeType'];
  instanceType?: string;
  /** sku.capacity: how many instances. */
  instanceCount?: number;
  /** The endpoint's traffic percentage to this deployment (0 when none). */
  trafficPercent: number;
  mirrorPercent?: number;
  scoringScript?: string;
  /** The endpoint's scoring URI and auth mode, for a test request. */
  scoringUri?: string;
  authMode: OnlineEndpoint['properties']['authMode'];
  /** The last error known for it: an operation's error the connection saw (the resource itself carries none). */
  error?: { code?: string; message?: string };
}

/** A v1 web service (ACI, AKS) as a row of the tree. */
export interface WebServiceView {
  kind: 'webservice';
  id: string;
  name: string;
  state: AzureDeploymentState;
  /** state as Azure gives it (Transitioning, Healthy, Unhealthy, Failed, Unschedulable). */
  serviceState?: string;
  computeType: string;
  scoringUri?: string;
  error?: { code?: string; message?: string };
}

const V2: Record<string, AzureDeploymentState> = {
  Succeeded: 'ready', Creating: 'transitioning', Updating: 'transitioning', Scaling: 'transitioning', Deleting: 'transitioning',
  Failed: 'failed', Canceled: 'canceled',
};
const V1: Record<string, AzureDeploymentState> = {
  Healthy: 'ready', Transitioning: 'transitioning', Unhealthy: 'unhealthy', Failed: 'failed', Unschedulable: 'failed',
};

/** A deployment of `endpoint` as the tree shows it; `error` is a failed operation's, when the connection knows one. */
export function onlineDeploymentView(endpoint: OnlineEndpoint, d: OnlineDeployment, error?: ArmErrorDetail): OnlineDeploymentView {
  const p = d.properties;
  return {
    kind: 'online', id: d.id, name: d.name, endpointName: endpoint.name,
    state: (p.provisioningState && V2[p.provisioningState]) || 'unknown', provisioningState: p.provisioningState,
    computeType: p.endpointComputeType, instanceType: p.instanceType ?? undefined, instanceCount: d.sku?.capacity,
    trafficPercent: endpoint.properties.traffic?.[d.name] ?? 0, mirrorPercent: endpoint.properties.mirrorTraffic?.[d.name],
    scoringScript: p.codeConfiguration?.scoringScript, scoringUri: endpoint.properties.scoringUri, authMode: endpoint.properties.authMode,
    ...(error ? { error: { code: error.code, message: error.message } } : {}),
  };
}

/** A v1 web service as the tree shows it. */
export function webServiceView(s: ServiceResource): WebServiceView {
  const p = s.properties;
  return {
    kind: 'webservice', id: s.id, name: s.name, state: (p.state && V1[p.state]) || 'unknown', serviceState: p.state,
    computeType: p.computeType, scoringUri: p.scoringUri,
    ...(p.error ? { error: { code: p.error.code, message: p.error.message } } : {}),
  };
}

/** The row's description: "Succeeded · Standard_DS3_v2 × 2 · 100% traffic", "Failed · ACI". */
export function viewDescription(v: OnlineDeploymentView | WebServiceView): string {
  if (v.kind === 'webservice') return [v.serviceState ?? l10n.t('unknown'), v.computeType].join(' · ');
  const parts = [v.provisioningState ?? l10n.t('unknown')];
  if (v.instanceType) parts.push(v.instanceCount !== undefined ? `${v.instanceType} × ${v.instanceCount}` : v.instanceType);
  parts.push(l10n.t('{0}% traffic', v.trafficPercent));
  return parts.join(' · ');
}

/**
 * When to read the lists again: while anything is transitioning, after
 * `base` then twice as long each time up to `max`; otherwise not at all
 * (undefined: refreshed on demand only).
 */
export function nextPollMs(anyTransitioning: boolean, polls: number, base = 5000, max = 60000): number | undefined {
  if (!anyTransitioning) return undefined;
  return Math.min(max, base * 2 ** Math.max(0, polls));
}

/** "updated 20 s ago" / "updated 3 min ago" / "updated just now": Azure has no events, the tree says how fresh it is. */
export function updatedAgo(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 5) return l10n.t('updated just now');
  if (s < 120) return l10n.t('updated {0} s ago', s);
  return l10n.t('updated {0} min ago', Math.floor(s / 60));
}
