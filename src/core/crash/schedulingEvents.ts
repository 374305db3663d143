// Reads the Kubernetes scheduler's verdicts ("0/3 nodes are available: 3
// Insufficient nvidia.com/gpu."), Azure ML's scheduling timeout ("Couldn't
// Schedule because ... after trying for 00:05:00") and its own verdict on
// node sizes ("... Please add more node(s) with SKU more than 1.1 CPU Cores
// and 2.6GB Memory ...").

/** One resource the cluster lacks, and on how many of its nodes. */
export interface ResourceShortage {
  resource: string;
  nodesLacking: number;
  nodesTotal: number;
}

// Numbers start where a run of digits starts, (?<!\d): tried from every digit
// of a long run, `\d+` made the search quadratic in it (issue 17).
const available = /(?<!\d)(\d+)\/(\d+) nodes are available:\s*([^\n]*)/;
const insufficient = /^(\d+) Insufficient ([\w./-]+)$/;
const scheduleTimeout = /Couldn'?t Schedule because the kubernetes cluster didn'?t have available resources after trying for (\d\d:\d\d:\d\d)/i;

/** The shortages a scheduler message names, in the order it names them; empty when none. */
export function resourceShortages(text: string): ResourceShortage[] {
  const m = available.exec(text);
  if (!m) return [];
  const total = Number(m[2]);
  // The verdict ends at the first sentence end; "preemption: ..." repeats node counts we must not read.
  // Cut at quotes and escapes too: the verdict often sits inside a JSON string.
  let clause = m[3].split(/["\\]/)[0].split(/\.\s|\.$|\bpreemption:/)[0];
  clause = clause.replace(/\.$/, '');
  const out: ResourceShortage[] = [];
  for (const part of clause.split(/,\s*/)) {
    const p = insufficient.exec(part.trim());
    if (p) out.push({ resource: p[2], nodesLacking: Number(p[1]), nodesTotal: total });
  }
  return out;
}

/** True when a line says the pod was finally scheduled (the shortage is over). */
export function saysScheduled(text: string): boolean {
  return /\bSuccessfully assigned \S+ to \S+/.test(text) || /^\s*(Normal\s+)?Scheduled\b/.test(text);
}

/** The scheduling timeout Azure ML gave up after (`00:05:00`), if the text reports one. */
export function scheduleTimeoutOf(text: string): string | undefined {
  return scheduleTimeout.exec(text)?.[1];
}

/** Azure ML's verdict that no node is big enough: the size a node must exceed, for how many replicas. */
export interface NodeSizeNeeded {
  cpuCores: number;
  memoryGb: number;
  replicas?: number;
  evidence: string;
}

// "CPU/Memory resource insufficient, 1 replicas unschedulable. Please add more node(s) with SKU
// more than 1.1 CPU Cores and 2.6GB Memory to host your replicas OR reduce your replica count ..."
const nodeSize = /(?:(?<!\d)(\d+) replicas? unschedulable\.\s*)?Please add more node\(s\) with SKU more than ([\d.]+) CPU Cores? and ([\d.]+) ?GB Memory/i;

/** The node size Azure ML asks for, if the text holds its verdict (the last one). */
export function nodeSizeNeeded(text: string): NodeSizeNeeded | undefined {
  const all = [...text.matchAll(new RegExp(nodeSize.source, 'gi'))];
  const m = all[all.length - 1];
  if (!m) return undefined;
  // The sentence as the user reads it, cut where a JSON string or the line ends.
  const at = text.lastIndexOf('CPU/Memory resource insufficient', m.index);
  const start = at >= 0 && at > text.lastIndexOf('\n', m.index) ? at : m.index;
  const evidence = text.slice(start).split(/["\n]/)[0].trim();
  return { cpuCores: Number(m[2]), memoryGb: Number(m[3]), ...(m[1] ? { replicas: Number(m[1]) } : {}), evidence };
}
