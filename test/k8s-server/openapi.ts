// The OpenAPI v3 documents, cut down to what kubectl reads from them: before
// `apply` or `create -f` it asks /openapi/v3 whether a kind's PATCH takes the
// `fieldValidation` query parameter, and when it does it leaves validation to
// the server instead of downloading schemas (which this server does not have:
// without this, kubectl stops with "failed to download openapi"). The PATCH
// operations name no request body, so `apply` builds its strategic merge
// patch from kubectl's own types rather than from a schema.
import { createHash } from 'node:crypto';
import { versionInfo } from './discovery';
import { resourceTypes, type ResourceType } from './resourceTypes';

/** Answers an /openapi/v3 path, or undefined when there is no such document. */
export function openApiV3(path: string): unknown {
  const p = path.replace(/\/+$/, '');
  if (p !== '/openapi/v3' && !p.startsWith('/openapi/v3/')) return undefined;
  const docs = documents();
  if (p === '/openapi/v3') {
    return { paths: Object.fromEntries([...docs].map(([key, doc]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(doc)}` }])) };
  }
  return docs.get(p.replace(/^\/openapi\/v3\//, ''));
}

/** One document per group-version, keyed as the index names them (`api/v1`, `apis/apps/v1`). */
function documents(): Map<string, unknown> {
  const byGv = new Map<string, ResourceType[]>();
  for (const t of resourceTypes.filter((x) => !x.verbs || x.verbs.includes('patch'))) {
    const key = t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
    byGv.set(key, [...(byGv.get(key) ?? []), t]);
  }
  const out = new Map<string, unknown>();
  for (const [key, types] of byGv) {
    const paths: Record<string, unknown> = {};
    for (const t of types) {
      const scope = t.namespaced ? '/namespaces/{namespace}' : '';
      paths[`/${key}${scope}/${t.plural}/{name}`] = {
        patch: {
          description: `partially update the specified ${t.kind}`,
          operationId: `patch${t.kind}`,
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
          parameters: [{ name: 'fieldValidation', in: 'query', description: 'how the server handles unknown or duplicate fields', schema: { type: 'string', uniqueItems: true } }],
          responses: { 200: { description: 'OK' } },
        },
      };
    }
    out.set(key, { openapi: '3.0.0', info: { title: 'Kubernetes', version: versionInfo.gitVersion }, paths, components: { schemas: {} } });
  }
  return out;
}

function hashOf(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}
