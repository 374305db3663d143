// Label and field selectors, parsed the way the API server parses the
// `labelSelector` and `fieldSelector` query parameters, into predicates.
import { ApiError, type KObject } from './types';

type Pred<T> = (x: T) => boolean;

/** Parses a label selector (`a=b,c!=d,e in (f,g),h notin (i),j,!k`). */
export function parseLabelSelector(text: string | null | undefined): Pred<Record<string, string> | undefined> {
  if (!text || !text.trim()) return () => true;
  const preds: Pred<Record<string, string>>[] = [];
  for (const part of splitTopLevel(text)) {
    const p = part.trim();
    let m: RegExpMatchArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(p))) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      preds.push(op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]));
    } else if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p))) {
      const [, key, op, value] = m;
      preds.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = /^!\s*(\S+)$/.exec(p))) {
      const key = m[1];
      preds.push((l) => !(key in l));
    } else if (/^\S+$/.test(p)) {
      preds.push((l) => p in l);
    } else {
      throw new ApiError(400, 'BadRequest', `unable to parse requirement: ${p}`);
    }
  }
  return (labels) => preds.every((pred) => pred(labels ?? {}));
}

/** Parses a field selector (`a.b=c,d!=e`) over dotted paths of the object. */
export function parseFieldSelector(text: string | null | undefined): Pred<KObject> {
  if (!text || !text.trim()) return () => true;
  const preds: Pred<KObject>[] = [];
  for (const part of text.split(',')) {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) throw new ApiError(400, 'BadRequest', `invalid selector: '${text}'; can't understand '${part}'`);
    const [, path, op, value] = m;
    preds.push((o) => {
      const actual = fieldValue(o, path.trim());
      return op === '!=' ? actual !== value : actual === value;
    });
  }
  return (o) => preds.every((p) => p(o));
}

/** The string value of a dotted path, '' when missing (as the server compares). */
export function fieldValue(o: unknown, path: string): string {
  let cur: unknown = o;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** True when `labels` carry every pair of `match` (a matchLabels selector). */
export function matchesLabels(labels: Record<string, string> | undefined, match: Record<string, string> | undefined): boolean {
  if (!match) return false;
  return Object.entries(match).every(([k, v]) => labels?.[k] === v);
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((s) => s.trim());
}
