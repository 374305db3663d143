// Imports point toward the pure core: nothing in src/core imports from
// outside src/core, and the debug adapter (src/debug/adapter) imports only
// itself and the core; and no import circle anywhere in src/ (type-only
// imports count: a circle of types is a circle a reader has to walk). The lint rule keeps `vscode` out of both; this keeps
// out the rest of the extension (the Docker client, the views, platform
// glue), which would drag the host's world into code meant to be pure.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const src = path.resolve(__dirname, '../../../src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Relative specifiers of a file's static imports, re-exports, import() and require(). */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\1/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[2]);
  return found;
}

function outward(roots: string[], files: string[]): string[] {
  const bad: string[] = [];
  for (const file of files) {
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = path.resolve(path.dirname(file), spec);
      if (!roots.some((r) => target === r || target.startsWith(`${r}${path.sep}`))) {
        bad.push(`${path.relative(src, file)} -> ${spec}`);
      }
    }
  }
  return bad;
}

/** Resolves a relative specifier of `from` to a file of `known`, as TypeScript would (x.ts, x/index.ts). */
function resolveIn(known: Set<string>, from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => known.has(f));
}

/** The import circles of a set of files (strongly connected components of more than one file). */
function circles(files: string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, relativeImports(readFileSync(f, 'utf8')).map((s) => resolveIn(known, f, s)).filter((t): t is string => !!t)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(src, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('import direction', () => {
  it('reads the forms of import the sources use', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b/b';",
      "export { c } from './c';",
      "import './side-effect';",
      "const d = require('../d') as typeof import('../d');",
      "import * as fs from 'node:fs';",
    ].join('\n');
    assert.deepEqual(relativeImports(text), ['./a', '../b/b', './c', './side-effect', '../d', '../d']);
  });

  it('src/core imports nothing outside src/core', () => {
    const core = path.join(src, 'core');
    assert.deepEqual(outward([core], tsFiles(core)), []);
  });

  it('finds a circle when there is one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'azureml-debug-circle-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
      writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a';\nexport type B = A | 1;\n");
      writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a';\nexport type C = A;\n");
      assert.equal(circles(tsFiles(dir)).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('src/ has no import circle', () => {
    assert.deepEqual(circles(tsFiles(src)), []);
  });

  it('src/debug/adapter imports only itself and src/core', () => {
    const adapter = path.join(src, 'debug', 'adapter');
    assert.deepEqual(outward([adapter, path.join(src, 'core')], tsFiles(adapter)), []);
  });
});
