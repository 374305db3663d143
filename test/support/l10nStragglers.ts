// Finds English sentences in src/ that would reach a user without going
// through l10n: every string literal or template that reads like words
// ("three words, the last two lower case") and is not the message of an
// l10n.t call, an argument of the Strings module, inside a log call (the
// extension's own log stays English, like VS Code's), or allowed by an entry
// of the table the caller hands in. Read with the TypeScript parser, so a
// comment or a regular expression is never taken for a message.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** A literal that is English on purpose: `file` (under src/), a pattern of its text, and why. */
export interface Allowed {
  file: string;
  text: RegExp;
  why: string;
}

/** One sentence-like literal outside l10n. */
export interface Straggler {
  file: string;
  line: number;
  text: string;
}

/** Reads like words a person is meant to read: three words, the last two lower case; not a key or an id. */
export function sentenceLike(text: string): boolean {
  return /[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}/.test(text) && !/^[a-z0-9_.-]+$/.test(text);
}

const LOG_METHOD = /^(?:trace|debug|info|warn|error|appendLine|append|log)$/;

/** `l10n.t(...)` / `vscode.l10n.t(...)`. */
function isTranslate(callee: string): boolean {
  return /(?:^|\.)l10n\.t$/.test(callee);
}

/** A call that words its arguments itself: the Strings modules (platform/localize, crashStrings, ...). */
function isStrings(callee: string): boolean {
  return /^(?:Strings|crashStrings)\./.test(callee);
}

/** The extension's log: `log.info(...)`, `this.log.warn(...)`, `channel.appendLine(...)`, `console.error(...)`, `options.log?.(...)`. */
function isLog(call: ts.CallExpression, source: ts.SourceFile): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return /^(?:log|logLine|onLog)$/.test(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (/^(?:log|onLog|logLine)$/.test(name)) return true;
  return LOG_METHOD.test(name) && /(?:log|console|channel|output)\w*$/i.test(callee.expression.getText(source).replace(/\?$/, ''));
}

/** The text of a literal, a template's holes as "{}". */
function textOf(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  return ts.isTemplateExpression(node) ? node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join('') : node.text;
}

/** True when `node` is exempt by where it stands: the message of l10n.t, inside a Strings or log call, a module name, a type. */
function exemptByPlace(node: ts.Node, source: ts.SourceFile): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent) || ts.isExternalModuleReference(parent)) return true;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node && isTranslate(parent.expression.getText(source))) return true;
  // Anywhere in the arguments of a log or Strings call (a template inside a ternary inside it, too), up to a function boundary.
  for (let child: ts.Node = node, p: ts.Node | undefined = parent; p && !ts.isFunctionLike(p) && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (ts.isCallExpression(p) && p.arguments.some((a) => a === child)) {
      if (isLog(p, source) || isStrings(p.expression.getText(source))) return true;
    }
  }
  return false;
}

/** Every straggler under `srcDir` not matched by `allowed`, and the allow-list entries that matched nothing (stale). */
export function findStragglers(srcDir: string, allowed: readonly Allowed[]): { stragglers: Straggler[]; unused: Allowed[] } {
  const used = new Set<Allowed>();
  const stragglers: Straggler[] = [];
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(path.join(srcDir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const text = textOf(node);
        if (sentenceLike(text) && !exemptByPlace(node, source)) {
          const entry = allowed.find((a) => a.file === file && a.text.test(text));
          if (entry) used.add(entry);
          else stragglers.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: text.slice(0, 120) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { stragglers, unused: allowed.filter((a) => !used.has(a)) };
}
