// Writes l10n/bundle.l10n.json, the English bundle VS Code reads keys from:
// every `l10n.t('...')` message in src/, found with the TypeScript parser
// (what @vscode/l10n-dev's `export` does, without a dependency for it).
// `--check` writes nothing and fails when the file differs from the code,
// naming what is missing or stale (the unit tier runs it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

/** The messages of `l10n.t(...)` calls in one file, in order; a message built at run time is a problem. */
function messagesOf(file, problems) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 't' &&
      /(^|\.)l10n$/.test(node.expression.expression.getText(source))
    ) {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) found.push(first.text);
      // A name is a translator passing a message on (core/l10n, extension.ts), not a message.
      else if (!first || !ts.isIdentifier(first)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        problems.push(`${relative(root, file)}:${line + 1}: l10n.t needs a literal message to be translatable`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every message of src/, each once, in file and position order. */
export function extract() {
  const problems = [];
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => join(root, 'src', f));
  const bundle = {};
  for (const file of files) for (const m of messagesOf(file, problems)) bundle[m] ??= m;
  return { bundle, problems };
}

const { bundle, problems } = extract();
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const text = `${JSON.stringify(bundle, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const have = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const missing = Object.keys(bundle).filter((k) => !(k in have));
  const stale = Object.keys(have).filter((k) => !(k in bundle));
  if (missing.length || stale.length || readFileSync(bundlePath, 'utf8') !== text) {
    console.error(`l10n/bundle.l10n.json is out of date (run npm run l10n):`);
    for (const k of missing) console.error(`  missing: ${JSON.stringify(k)}`);
    for (const k of stale) console.error(`  stale: ${JSON.stringify(k)}`);
    process.exit(1);
  }
  console.log(`l10n/bundle.l10n.json matches the code (${Object.keys(bundle).length} messages)`);
} else {
  writeFileSync(bundlePath, text);
  console.log(`wrote l10n/bundle.l10n.json: ${Object.keys(bundle).length} messages`);
}
