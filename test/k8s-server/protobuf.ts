// Request bodies in Kubernetes protobuf (`application/vnd.kubernetes.protobuf`),
// which kubectl's typed clients send: `kubectl create namespace|role|
// rolebinding|clusterrole|clusterrolebinding` and the `auth can-i` / `whoami`
// reviews. The envelope is "k8s\0" + runtime.Unknown {typeMeta, raw}; raw is
// the object in the field numbers of k8s.io/api's generated.proto. Only the
// kinds listed here are read (into the JSON shape); other kinds answer 415.
import { ApiError, type NewObject } from './types';

type Scalar = 'string' | 'varint' | 'bool' | 'time' | 'bytes';
interface FieldSpec { name: string; type: Scalar | 'map' | Message; repeated?: boolean }
type Message = Record<number, FieldSpec>;

const str = (name: string, repeated = false): FieldSpec => ({ name, type: 'string', repeated });
const msg = (name: string, type: Message, repeated = false): FieldSpec => ({ name, type, repeated });

const ownerReference: Message = { 1: str('kind'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: { name: 'controller', type: 'bool' }, 7: { name: 'blockOwnerDeletion', type: 'bool' } };
const objectMeta: Message = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 5: str('uid'), 6: str('resourceVersion'), 7: { name: 'generation', type: 'varint' },
  8: { name: 'creationTimestamp', type: 'time' }, 11: { name: 'labels', type: 'map' }, 12: { name: 'annotations', type: 'map' },
  13: msg('ownerReferences', ownerReference, true), 14: str('finalizers', true),
};
const labelSelector: Message = { 1: { name: 'matchLabels', type: 'map' }, 2: msg('matchExpressions', { 1: str('key'), 2: str('operator'), 3: str('values', true) }, true) };
const policyRule: Message = { 1: str('verbs', true), 2: str('apiGroups', true), 3: str('resources', true), 4: str('resourceNames', true), 5: str('nonResourceURLs', true) };
const subject: Message = { 1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace') };
const roleRef: Message = { 1: str('apiGroup'), 2: str('kind'), 3: str('name') };
const binding: Message = { 1: msg('metadata', objectMeta), 2: msg('subjects', subject, true), 3: msg('roleRef', roleRef) };
const resourceAttributes: Message = { 1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name') };

/** The kinds read, by apiVersion/kind (spec and metadata only: a client's status is ignored, as the server ignores it). */
const kinds: Record<string, Message> = {
  'v1/Namespace': { 1: msg('metadata', objectMeta), 2: msg('spec', { 1: str('finalizers', true) }) },
  'rbac.authorization.k8s.io/v1/Role': { 1: msg('metadata', objectMeta), 2: msg('rules', policyRule, true) },
  'rbac.authorization.k8s.io/v1/ClusterRole': { 1: msg('metadata', objectMeta), 2: msg('rules', policyRule, true), 3: msg('aggregationRule', { 1: msg('clusterRoleSelectors', labelSelector, true) }) },
  'rbac.authorization.k8s.io/v1/RoleBinding': binding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': binding,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: msg('metadata', objectMeta), 2: msg('spec', { 1: msg('resourceAttributes', resourceAttributes), 2: msg('nonResourceAttributes', { 1: str('path'), 2: str('verb') }) }),
  },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: msg('metadata', objectMeta), 2: msg('spec', { 1: str('namespace') }) },
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: msg('metadata', objectMeta) },
};

const envelope: Message = { 1: msg('typeMeta', { 1: str('apiVersion'), 2: str('kind') }), 2: { name: 'raw', type: 'bytes' } };

/** Whether a request's Content-Type is Kubernetes protobuf. */
export function isProtobuf(contentType: string | undefined): boolean {
  return /^application\/vnd\.kubernetes\.protobuf\b/.test(contentType ?? '');
}

/** Reads one protobuf body into the object its JSON form would be; 415 for a kind it does not know. */
export function decodeProtobuf(body: Buffer): NewObject {
  const magic = Buffer.from('k8s\0', 'latin1');
  if (body.length < 4 || !body.subarray(0, 4).equals(magic)) throw new ApiError(400, 'BadRequest', 'the body of the request was in an unknown format (expected the k8s protobuf envelope)');
  const unknown = decode(body.subarray(4), envelope) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Buffer };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const spec = kinds[`${apiVersion}/${kind}`];
  if (!spec) {
    throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  const obj = decode(unknown.raw ?? Buffer.alloc(0), spec);
  return { apiVersion, kind, metadata: {}, ...obj } as NewObject;
}

/** Decodes one message; empty strings, zeros and empty messages are left out, as Go's omitempty leaves them out of JSON. */
function decode(buf: Buffer, spec: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length) throw malformed();
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: unknown;
    let bytes: Buffer | undefined;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw malformed();
      bytes = buf.subarray(pos, pos + len);
      pos += len;
    } else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      continue;
    } else throw malformed();
    const f = spec[field];
    if (!f) continue;
    if (f.type === 'varint') value = Number(value as bigint);
    else if (f.type === 'bool') value = value === 1n;
    else if (f.type === 'string') value = bytes?.toString('utf8');
    else if (f.type === 'bytes') value = bytes;
    else if (f.type === 'time') {
      const seconds = Number((decodeTime(bytes ?? Buffer.alloc(0))));
      value = seconds ? new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
    } else if (f.type === 'map') {
      const entry = decode(bytes ?? Buffer.alloc(0), { 1: str('key'), 2: str('value') });
      const map = (out[f.name] ?? {}) as Record<string, string>;
      map[String(entry.key ?? '')] = String(entry.value ?? '');
      out[f.name] = map;
      continue;
    } else value = decode(bytes ?? Buffer.alloc(0), f.type);
    if (f.repeated) out[f.name] = [...((out[f.name] as unknown[] | undefined) ?? []), value];
    else if (value !== undefined && value !== '' && value !== 0 && value !== false && !(isEmptyObject(value))) out[f.name] = value;
  }
  return out;
}

/** The seconds of a metav1.Time ({seconds = 1, nanos = 2}). */
function decodeTime(buf: Buffer): number {
  const t = decode(buf, { 1: { name: 'seconds', type: 'varint' } });
  return (t.seconds as number | undefined) ?? 0;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && Object.keys(v).length === 0;
}

function malformed(): ApiError {
  return new ApiError(400, 'BadRequest', 'the body of the request was in an unknown format (malformed protobuf)');
}
