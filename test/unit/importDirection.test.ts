// Imports point toward the pure core: nothing in src/core imports from
// outside src/core, and the debug adapter (src/debug/adapter) imports only
// itself and the core. The lint rule keeps `vscode` out of both; this keeps
// out the rest of the extension (the Docker client, the views, platform
// glue), which would drag the host's world into code meant to be pure.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

  it('src/debug/adapter imports only itself and src/core', () => {
    const adapter = path.join(src, 'debug', 'adapter');
    assert.deepEqual(outward([adapter, path.join(src, 'core')], tsFiles(adapter)), []);
  });
});
