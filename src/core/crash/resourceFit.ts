// "Lower the request to what the largest node can give": Kubernetes resource
// quantities ("1900m", "7097656Ki", "3.5Gi") read as numbers, and the largest
// node's amount turned into deploymentconfig.json units, rounded down so the
// new request really fits.
import type { DeploymentSetting } from './configLocations';

// Sub-unit suffixes are divisors: 1900 / 1e3 is 1.9 exactly, 1900 * 1e-3 is not.
const divisors: Record<string, number> = { n: 1e9, u: 1e6, m: 1e3 };
const suffixes: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity in base units (cores, bytes, devices); `undefined` if malformed. */
export function parseQuantity(quantity: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(quantity.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return suffix in divisors ? base / divisors[suffix] : base * suffixes[suffix];
}

/** The deploymentconfig.json setting that requests a scheduler resource, if any. */
export function settingForResource(resource: string): DeploymentSetting | undefined {
  if (resource === 'cpu') return 'cpu';
  if (resource === 'memory') return 'memoryInGB';
  if (/(^|\/)gpu$/.test(resource)) return 'gpu';
  return undefined;
}

/**
 * The largest request of `resource` one node can take, in the setting's units:
 * cpu in cores (0.1 steps), memoryInGB in GiB (0.1 steps; GiB so that the value
 * fits whether it is read as G or Gi), gpu in whole devices. `nodes` holds each
 * node's free (or allocatable) amounts as quantities, keyed by resource name.
 */
export function largestFit(resource: string, nodes: Record<string, string | undefined>[]): { setting: DeploymentSetting; value: number } | undefined {
  const setting = settingForResource(resource);
  if (!setting) return undefined;
  let best: number | undefined;
  for (const n of nodes) {
    const q = n[resource];
    const v = q === undefined ? 0 : parseQuantity(q);
    if (v !== undefined && (best === undefined || v > best)) best = v;
  }
  if (best === undefined) return undefined;
  // Tiny offsets absorb binary floating point (0.3 cores is 2.9999999999999996 tenths).
  const floorTo = (x: number, step: number) => Math.floor(x / step + 1e-9) * step;
  switch (setting) {
    case 'cpu':
      return { setting, value: Number(floorTo(best, 0.1).toFixed(1)) };
    case 'memoryInGB':
      return { setting, value: Number(floorTo(best / 2 ** 30, 0.1).toFixed(1)) };
    default:
      return { setting, value: Math.floor(best + 1e-9) };
  }
}
