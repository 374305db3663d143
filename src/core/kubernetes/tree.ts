// The shape of a cluster's part of the tree, computed from the model alone
// (pure, so the benchmark and the tests build the same tree the view shows):
// cluster -> Azure ML services (deployments) -> pods -> containers + events.
import type { ServiceModel } from '../model/serviceModel';
import type { ServiceRecord } from '../model/serviceRecord';
import type { KubeDeploymentDetails, KubePodDetails } from '../model/kubeDetails';

/** One Azure ML service under a cluster: its Deployment (when seen) and its pods. */
export interface KubeApp {
  /** `namespace/name`. */
  app: string;
  namespace: string;
  name: string;
  deployment?: ServiceRecord & { kubernetes: KubeDeploymentDetails };
  pods: (ServiceRecord & { kubernetes: KubePodDetails })[];
}

function isPod(r: ServiceRecord): r is ServiceRecord & { kubernetes: KubePodDetails } {
  return r.kubernetes?.object === 'pod';
}

/** The services of a cluster connection, sorted by namespace and name, each with its pods. */
export function clusterApps(model: ServiceModel, connectionId: string): KubeApp[] {
  const apps = new Map<string, KubeApp>();
  const get = (key: string) => {
    let a = apps.get(key);
    if (!a) {
      const slash = key.indexOf('/');
      apps.set(key, (a = { app: key, namespace: key.slice(0, slash), name: key.slice(slash + 1), pods: [] }));
    }
    return a;
  };
  for (const r of model.services(connectionId)) {
    if (!r.kubernetes) continue;
    if (r.kubernetes.object === 'deployment') get(r.kubernetes.app).deployment = r as ServiceRecord & { kubernetes: KubeDeploymentDetails };
    else get(r.kubernetes.app).pods.push(r as ServiceRecord & { kubernetes: KubePodDetails });
  }
  for (const a of apps.values()) a.pods.sort(byName);
  return [...apps.values()].sort((a, b) => a.app.localeCompare(b.app));
}

/** The pods of one service, sorted by name. */
export function appPods(model: ServiceModel, connectionId: string, app: string): (ServiceRecord & { kubernetes: KubePodDetails })[] {
  return model
    .services(connectionId)
    .filter((r): r is ServiceRecord & { kubernetes: KubePodDetails } => isPod(r) && r.kubernetes.app === app)
    .sort(byName);
}

function byName(a: ServiceRecord, b: ServiceRecord): number {
  return a.name.localeCompare(b.name);
}

/** Every node of a cluster's tree, depth first (what a fully expanded view shows); for tests and the benchmark. */
export function flattenCluster(model: ServiceModel, connectionId: string): string[] {
  const out: string[] = [];
  for (const a of clusterApps(model, connectionId)) {
    out.push(a.app);
    for (const p of a.pods) {
      out.push(`${a.app}/${p.name} ${p.kubernetes.status}`);
      for (const c of p.kubernetes.containers) out.push(`${a.app}/${p.name}/${c.name}`);
      for (const e of p.kubernetes.events) out.push(`${a.app}/${p.name}: ${e.reason}`);
    }
  }
  return out;
}
