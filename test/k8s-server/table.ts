// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
// (`Accept: ...;as=Table`), with the columns and cell values the real API
// server prints for pods, events, deployments, nodes, services, namespaces,
// and the RBAC roles and bindings.
import type { BindingObject } from './rbacObjects';
import type { ContainerStatus, Deployment, EventObject, KObject, NodeObject, Pod, ReplicaSet } from './types';

interface Column { name: string; type: string; format: string; description: string; priority: number }
type Cells = (string | number)[];

const col = (name: string, type = 'string', priority = 0, format = ''): Column => ({ name, type, format, description: name, priority });

const nameAge = [col('Name', 'string', 0, 'name'), col('Age', 'string', 0)];

const printers: Record<string, { columns: Column[]; cells: (o: KObject) => Cells }> = {
  pods: {
    columns: [col('Name', 'string', 0, 'name'), col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP', 'string', 1), col('Node', 'string', 1),
      col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    cells: (o) => podCells(o as Pod),
  },
  events: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'),
      col('First Seen', 'string', 1), col('Count', 'string', 1), col('Name', 'string', 1, 'name')],
    cells: (o) => {
      const e = o as EventObject;
      const obj = `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`;
      const source = e.source.host ? `${e.source.component}, ${e.source.host}` : e.source.component;
      return [age(e.lastTimestamp), e.type, e.reason, obj, e.involvedObject.fieldPath ?? '', source, e.message, age(e.firstTimestamp), e.count, e.metadata.name];
    },
  },
  deployments: {
    columns: [col('Name', 'string', 0, 'name'), col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Age'),
      col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    cells: (o) => {
      const d = o as Deployment;
      const s = (d.status ?? {}) as Record<string, number>;
      const cs = d.spec.template.spec.containers;
      return [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(d.metadata.creationTimestamp),
        cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), selectorText(d.spec.selector.matchLabels)];
    },
  },
  replicasets: {
    columns: [col('Name', 'string', 0, 'name'), col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Age')],
    cells: (o) => {
      const r = o as ReplicaSet;
      const s = (r.status ?? {}) as Record<string, number>;
      return [r.metadata.name, r.spec.replicas, s.replicas ?? 0, s.readyReplicas ?? 0, age(r.metadata.creationTimestamp)];
    },
  },
  nodes: {
    columns: [col('Name', 'string', 0, 'name'), col('Status'), col('Roles'), col('Age'), col('Version')],
    cells: (o) => {
      const n = o as NodeObject;
      const ready = ((n.status.conditions ?? []) as { type: string; status: string }[]).find((c) => c.type === 'Ready');
      const info = n.status.nodeInfo as { kubeletVersion?: string } | undefined;
      return [n.metadata.name, ready?.status === 'True' ? 'Ready' : 'NotReady', 'agent', age(n.metadata.creationTimestamp), info?.kubeletVersion ?? ''];
    },
  },
  services: {
    columns: [col('Name', 'string', 0, 'name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 'string', 1)],
    cells: (o) => {
      const spec = (o.spec ?? {}) as { type?: string; clusterIP?: string; ports?: { port: number; protocol?: string }[]; selector?: Record<string, string> };
      const ports = (spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
      return [o.metadata.name, spec.type ?? 'ClusterIP', spec.clusterIP ?? '<none>', '<none>', ports, age(o.metadata.creationTimestamp), selectorText(spec.selector)];
    },
  },
  namespaces: {
    columns: [col('Name', 'string', 0, 'name'), col('Status'), col('Age')],
    cells: (o) => [o.metadata.name, ((o.status ?? {}) as { phase?: string }).phase ?? 'Active', age(o.metadata.creationTimestamp)],
  },
};

// Roles print their creation time as a date; bindings name their role, then (wide) their subjects.
const roleColumns = [col('Name', 'string', 0, 'name'), col('Created At', 'date')];
const roleCells = (o: KObject): Cells => [o.metadata.name, o.metadata.creationTimestamp ?? '<unknown>'];
const bindingColumns = [col('Name', 'string', 0, 'name'), col('Role'), col('Age'), col('Users', 'string', 1), col('Groups', 'string', 1), col('ServiceAccounts', 'string', 1)];
function bindingCells(o: KObject): Cells {
  const b = o as BindingObject;
  const of = (kind: string) => (b.subjects ?? []).filter((s) => s.kind === kind);
  return [b.metadata.name, `${b.roleRef.kind}/${b.roleRef.name}`, age(b.metadata.creationTimestamp), of('User').map((s) => s.name).join(', '),
    of('Group').map((s) => s.name).join(', '), of('ServiceAccount').map((s) => `${s.namespace ?? ''}/${s.name}`).join(', ')];
}
printers.roles = printers.clusterroles = { columns: roleColumns, cells: roleCells };
printers.rolebindings = printers.clusterrolebindings = { columns: bindingColumns, cells: bindingCells };

/** How much of each object a Table row carries (`includeObject`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Converts objects to a Table; `withColumns` false leaves columnDefinitions empty (later watch events). */
export function toTable(resource: string, objects: KObject[], include: IncludeObject, resourceVersion?: string, withColumns = true): unknown {
  const printer = printers[resource] ?? { columns: nameAge, cells: (o: KObject) => [o.metadata.name, age(o.metadata.creationTimestamp)] };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: withColumns ? printer.columns : [],
    rows: objects.map((o) => ({ cells: printer.cells(o), object: rowObject(o, include) })),
  };
}

function rowObject(o: KObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

function podCells(p: Pod): Cells {
  const statuses = p.status.containerStatuses ?? [];
  const total = p.spec.containers.length;
  const ready = statuses.filter((s) => s.ready).length;
  let restarts = 0;
  let lastRestart: string | undefined;
  for (const s of [...(p.status.initContainerStatuses ?? []), ...statuses]) {
    restarts += s.restartCount;
    const t = s.lastState.terminated?.finishedAt;
    if (t && (!lastRestart || t > lastRestart)) lastRestart = t;
  }
  const restartText = restarts && lastRestart ? `${restarts} (${age(lastRestart)} ago)` : String(restarts);
  return [p.metadata.name, `${ready}/${total}`, podReason(p, statuses), restartText, age(p.metadata.creationTimestamp),
    p.status.podIP ?? '<none>', p.spec.nodeName ?? '<none>', '<none>', '<none>'];
}

/** The STATUS column of `kubectl get pods`, computed as the server's printer does. */
export function podReason(p: Pod, statuses: ContainerStatus[] = p.status.containerStatuses ?? []): string {
  let reason = p.status.reason ?? p.status.phase ?? 'Unknown';
  let running = false;
  // The first init container not done names the status (Init:<reason>, or Init:<done>/<all> while it runs).
  const inits = p.status.initContainerStatuses ?? [];
  const stuck = inits.findIndex((s) => !(s.state.terminated && s.state.terminated.exitCode === 0));
  if (stuck >= 0) {
    const s = inits[stuck];
    const t = s.state.terminated;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (s.state.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${stuck}/${p.spec.initContainers?.length ?? inits.length}`;
    return p.metadata.deletionTimestamp ? 'Terminating' : reason;
  }
  for (const s of [...statuses].reverse()) {
    if (s.state.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state.terminated?.reason) reason = s.state.terminated.reason;
    else if (s.state.terminated) reason = s.state.terminated.signal ? `Signal:${s.state.terminated.signal}` : `ExitCode:${s.state.terminated.exitCode}`;
    else if (s.state.running && s.ready) running = true;
  }
  if (running && reason === 'Completed') reason = 'Running';
  if (p.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function selectorText(sel: Record<string, string> | undefined): string {
  return sel ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** Time since `ts` in kubectl's short form (5s, 3m20s, 2d4h). */
export function age(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  return humanDuration((Date.now() - Date.parse(ts)) / 1000);
}

/** The apimachinery HumanDuration rules. */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}
