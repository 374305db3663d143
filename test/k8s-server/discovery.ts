// The discovery documents kubectl and client libraries read first:
// /version, /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>
// (the legacy, non-aggregated forms, which every client falls back to).
import { resourceTypes, verbsOf } from './resourceTypes';

/** The server version; minor 32 makes the kubectl dispatcher run kubectl 1.32. */
export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Answers a discovery path, or undefined when the path is not a discovery one. */
export function discovery(path: string): unknown {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/version') return versionInfo;
  if (p === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  }
  if (p === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupDoc) };
  if (p === '/api/v1') return resourceList('', 'v1');
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(p);
  if (m) {
    const g = groups().find((x) => x === m[1]);
    if (!g) return undefined;
    return m[2] ? (m[2] === 'v1' ? resourceList(g, 'v1') : undefined) : { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) };
  }
  return undefined;
}

function groups(): string[] {
  return [...new Set(resourceTypes.map((t) => t.group).filter((g) => g))];
}

function groupDoc(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

function resourceList(group: string, version: string) {
  const resources = [];
  for (const t of resourceTypes.filter((x) => x.group === group && x.version === version)) {
    resources.push({
      name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: verbsOf(undefined, t),
      ...(t.shortNames ? { shortNames: t.shortNames } : {}), ...(t.categories ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      const kind = sub === 'log' ? 'Pod' : sub === 'exec' ? 'PodExecOptions' : sub === 'portforward' ? 'PodPortForwardOptions' : sub === 'scale' ? 'Scale' : t.kind;
      resources.push({ name: `${t.plural}/${sub}`, singularName: '', namespaced: t.namespaced, kind, verbs: verbsOf(sub) });
    }
  }
  const groupVersion = group ? `${group}/${version}` : version;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
