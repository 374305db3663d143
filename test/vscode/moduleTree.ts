// What a module loaded: Node's module tree, as the activation suite checks it
// and the bench (scripts/bench/host/driver.cjs, from out/) reports it.

/** Every module first loaded by `mod` or by modules it loaded (Node's module tree). */
export function loadedBy(mod: NodeJS.Module, seen = new Set<string>()): Set<string> {
  if (seen.has(mod.id)) return seen;
  seen.add(mod.id);
  for (const child of mod.children) loadedBy(child, seen);
  return seen;
}
