// Properties of the edits to the user's files, on files fast-check makes from
// the corpora and from scratch (issue 17): launch.json, conda and score.py
// edits keep every byte outside the edit, a second run changes nothing, and
// no input makes them throw. Fixed seeds, so a failure reproduces as is.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createScanner, findNodeAtLocation, parseTree, SyntaxKind, type Node } from 'jsonc-parser';
import { azuremlAttachConfiguration, debugpyAttachConfiguration } from '../../../../src/core/edits/attachConfig';
import { addDebugpy, checkAzuremlDefaults, fixAzuremlDefaults } from '../../../../src/core/edits/condaEnv';
import { addAttachConfiguration, isLaunchEditError } from '../../../../src/core/edits/launchJson';
import { wrapRunInTryExcept } from '../../../../src/core/edits/runTryExcept';
import { insertDebugHook, removeDebugHook } from '../../../../src/core/edits/scoreHook';
import { detectFormat } from '../../../../src/core/edits/textFormat';
import { assertOnlyInserted, assertSameLineEnds, corpus, singleInsertion } from './textChecks';

const fallback = { insertSpaces: true, tabSize: 4, eol: '\n' };

/** Line ends kept, where the file had one kind, \n or \r\n (one that mixes them, or has a lone \r, has no kind to keep). */
function sameLineEnds(before: string, after: string): void {
  const mixed = (before.includes('\r\n') && /(^|[^\r])\n/.test(before)) || /\r(?!\n)/.test(before);
  if (!mixed) assertSameLineEnds(before, after);
}

/** Text made of pieces, some of them hostile: any Unicode, brackets, quotes, YAML and Python indicators. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom('{', '}', '[', ']', '"', "'", ',', ':', ' ', '\n', '\r\n', '\t', '//', '/*', '*/', '#', '- ', '&a', '*a', '"""', 'def run(x):', 'configurations', 'dependencies:', 'pip:', '\\'), { maxLength: 120 }).map((p) => p.join('')),
);

// ---- launch.json ----------------------------------------------------------

const trivia = fc.constantFrom('', '', ' ', '\n', '\r\n', '\t', '  ', ' // note\n', ' /* c */ ', '\n    ', '/* [ { */');

/** A corpus launch.json with comments and blanks put between its tokens; its line ends made one kind. */
const launchFile = fc
  .tuple(fc.constantFrom(...corpus('launch', ['expected.jsonc']).map(([, t]) => t)), fc.array(trivia, { minLength: 200, maxLength: 200 }), fc.boolean())
  .map(([text, extra, crlf]) => {
    const scanner = createScanner(text, false);
    let out = '';
    let i = 0;
    for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
      const token = text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
      const glue = t === SyntaxKind.LineCommentTrivia ? '' : extra[i++ % extra.length];
      out += token + glue;
    }
    out = out.replace(/\r\n/g, '\n');
    return crlf ? out.replace(/\n/g, '\r\n') : out;
  });

function nameNodes(root: Node | undefined, name: string): Node[] {
  const list = root && findNodeAtLocation(root, ['configurations']);
  return (list?.children ?? []).filter((c) => c.type === 'object' && findNodeAtLocation(c, ['name'])?.value === name);
}

/** The launch.json properties for one file and configuration; errors are allowed, throws are not. */
function checkLaunchEdit(before: string, config: ReturnType<typeof azuremlAttachConfiguration>): void {
  const format = detectFormat(before, fallback);
  const r = addAttachConfiguration(before, config, format);
  if (isLaunchEditError(r)) return;
  const after = r.text;
  sameLineEnds(before, after);
  const root = parseTree(after.replace(/^\uFEFF/, ''));
  const [mine] = nameNodes(root, config.name);
  assert.ok(mine, 'the configuration is there');
  const bom = after.startsWith('\uFEFF') ? 1 : 0;
  if (r.outcome === 'unchanged') assert.equal(after, before);
  else if (r.outcome === 'updated') {
    const [old] = nameNodes(parseTree(before.replace(/^\uFEFF/, '')), config.name);
    assert.equal(after.slice(0, bom + mine.offset), before.slice(0, bom + old.offset), 'bytes before the configuration kept');
    assert.equal(after.slice(bom + mine.offset + mine.length), before.slice(bom + old.offset + old.length), 'bytes after it kept');
  } else if (parseTree(before.replace(/^\uFEFF/, '')) === undefined) {
    // No value yet: a skeleton after whatever was there.
    assert.ok(after.startsWith(before.trim() === '' ? before.replace(/[ \t\r\n]+$/, '') : before));
  } else {
    const hadList = findNodeAtLocation(parseTree(before.replace(/^\uFEFF/, ''))!, ['configurations']) !== undefined;
    const span = hadList ? mine : findNodeAtLocation(root!, ['configurations'])!.parent!;
    assertOnlyInserted(before, after, bom + span.offset, bom + span.offset + span.length, /^[\s,]$/);
  }
  const again = addAttachConfiguration(after, config, detectFormat(after, fallback));
  assert.ok(!isLaunchEditError(again), 'the result reads again');
  assert.equal(again.outcome, 'unchanged');
  assert.equal(again.text, after, 'a second run changes nothing');
}

describe('launch.json edit properties', function () {
  // Many generated inputs per property: a guard against a stuck loop, not a timing.
  this.timeout(60_000);
  const configs = [azuremlAttachConfiguration(), azuremlAttachConfiguration({ port: 5680 }), debugpyAttachConfiguration({ port: 5679 })];

  it('keeps every byte outside the configuration and is idempotent, on corpus files re-spaced and commented (seed 42)', () => {
    fc.assert(fc.property(launchFile, fc.constantFrom(...configs), (text, config) => checkLaunchEdit(text, config)), { seed: 42, numRuns: 300 });
  });

  it('answers any text with an edit or an error, never a throw (seed 43)', () => {
    fc.assert(fc.property(hostileText, fc.constantFrom(...configs), (text, config) => checkLaunchEdit(text, config)), { seed: 43, numRuns: 500 });
  });
});

// ---- conda ----------------------------------------------------------------

const spec = fc.constantFrom('python=3.8', 'numpy>=1.20', "'scikit-learn==1.0'", '"pandas"', 'conda-forge::lightgbm', 'pip', 'pip=21', 'azureml-defaults==1.0.17', 'ptvsd', 'setuptools');
const pipSpec = fc.constantFrom('azureml-defaults', 'azureml-defaults>=1.0.45', "'requests[socks]'", '"inference-schema[numpy-support]"', '--extra-index-url https://x', 'joblib', 'debugpy==1.6');
const comment = fc.constantFrom('', '', ' # pinned', '  # why');

/** A conda environment file in one of the layouts people write: block or flow lists, with or without pip:. */
const condaFile = fc
  .record({
    name: fc.constantFrom('', 'name: myenv\n', 'name: "my env"  # the seeds\n'),
    channels: fc.constantFrom('', 'channels:\n  - conda-forge\n', 'channels: [defaults]\n'),
    indent: fc.constantFrom('  ', '    ', ''),
    deps: fc.array(fc.tuple(spec, comment), { maxLength: 5 }),
    pip: fc.option(fc.array(fc.tuple(pipSpec, comment), { maxLength: 4 })),
    flow: fc.constantFrom('block', 'block', 'flow', 'none', 'null'),
    blank: fc.constantFrom('', '\n', '# a comment line\n'),
    crlf: fc.boolean(),
    finalEol: fc.boolean(),
  })
  .map((f) => {
    let deps: string;
    if (f.flow === 'none') deps = '';
    else if (f.flow === 'null') deps = 'dependencies:\n';
    else if (f.flow === 'flow') {
      const items: string[] = f.deps.map(([s]) => s);
      if (f.pip) items.push(`{pip: [${f.pip.map(([s]) => s).join(', ')}]}`);
      deps = `dependencies: [${items.join(', ')}]\n`;
    } else {
      const lines = f.deps.map(([s, c]) => `${f.indent}- ${s}${c}\n`);
      if (f.pip) lines.push(`${f.indent}- pip:\n`, ...f.pip.map(([s, c]) => `${f.indent}    - ${s}${c}\n`));
      deps = `dependencies:\n${f.blank}${lines.join('')}`;
    }
    let text = f.name + f.channels + f.blank + deps;
    if (!f.finalEol) text = text.replace(/\n$/, '');
    return f.crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Add debugpy and the azureml-defaults fix: one insertion or nothing, and a second run changes nothing. */
function checkCondaEdits(before: string): void {
  const r = addDebugpy(before);
  if ('error' in r) return;
  if (!r.changed) assert.equal(r.text, before);
  else {
    singleInsertion(before, r.text);
    sameLineEnds(before, r.text);
    const again = addDebugpy(r.text);
    assert.ok('changed' in again && !again.changed && again.text === r.text, 'a second run changes nothing');
  }
  for (const finding of checkAzuremlDefaults(before)) {
    if (finding.code === 'conda-not-read') continue;
    const fixed = fixAzuremlDefaults(before, finding);
    if (!('changed' in fixed) || !fixed.changed) continue;
    const prefix = before.slice(0, finding.offset);
    if (finding.code === 'azureml-defaults-missing') singleInsertion(before, fixed.text);
    else assert.ok(fixed.text.startsWith(prefix) && fixed.text.endsWith(before.slice(finding.offset + finding.length)), 'only the pin changed');
    assert.deepEqual(checkAzuremlDefaults(fixed.text).filter((f) => f.code !== 'conda-not-read'), [], 'the fix removes the finding');
  }
}

describe('conda edit properties', function () {
  // Many generated inputs per property: a guard against a stuck loop, not a timing.
  this.timeout(60_000);
  it('adds debugpy as one insertion, idempotently, in every layout (seed 42)', () => {
    fc.assert(fc.property(condaFile, checkCondaEdits), { seed: 42, numRuns: 400 });
  });

  it('does the same on the corpus with comment lines and blank lines put between its lines (seed 44)', () => {
    const files = corpus('conda', ['expected.json']).map(([, t]) => t);
    const mutated = fc.tuple(fc.constantFrom(...files), fc.array(fc.constantFrom('', '', '\n', '# c\n', '    # deep comment\n'), { minLength: 40, maxLength: 40 })).map(([text, extra]) => {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      return text.split(eol).map((line, i) => (i > 0 ? extra[i % extra.length].replace(/\n/g, eol) : '') + line).join(eol);
    });
    fc.assert(fc.property(mutated, checkCondaEdits), { seed: 44, numRuns: 300 });
  });

  it('answers any text with an edit or an error, never a throw (seed 45)', () => {
    fc.assert(fc.property(hostileText, checkCondaEdits), { seed: 45, numRuns: 500 });
  });
});

// ---- score.py -------------------------------------------------------------

const pyLine = fc.constantFrom(
  '', '# a comment', 'import json', 'import os, sys', 'from __future__ import annotations', '"""A docstring."""', "'''two", "lines'''",
  'model = None', 'def init():', '    global model', '    model = load("x # not a comment")', 'def run(data):', '    return data',
  '    """run docstring"""', '    s = """', 'inside a string', '"""', '\tx = 1', 'async def run(raw):', '    # debugpy.listen(5678)', 'x = "debugpy.listen("',
);
const header = fc.constantFrom('', '#!/usr/bin/env python\n', '# -*- coding: utf-8 -*-\n', '\uFEFF', '"""Module docstring."""\n', 'from __future__ import annotations\n');
const pythonFile = fc.tuple(header, fc.array(pyLine, { maxLength: 25 }), fc.boolean(), fc.boolean()).map(([head, lines, crlf, finalEol]) => {
  const eol = crlf ? '\r\n' : '\n';
  const body = lines.join(eol) + (finalEol && lines.length > 0 ? eol : '');
  return head.replace(/\n/g, eol) + body;
});

const hook = { host: '0.0.0.0', port: 5678, timeoutSeconds: 10 };

/** The hook goes in as one insertion and comes out byte for byte; the run() wrap touches only run()'s body; each once. */
function checkScoreEdits(before: string): void {
  const inserted = insertDebugHook(before, hook);
  if ('error' in inserted) assert.fail(inserted.error);
  if (inserted.changed) {
    singleInsertion(before, inserted.text);
    sameLineEnds(before, inserted.text);
    const again = insertDebugHook(inserted.text, hook);
    assert.ok('changed' in again && !again.changed && again.text === inserted.text, 'a second insert changes nothing');
    const removed = removeDebugHook(inserted.text);
    assert.ok('changed' in removed && removed.changed);
    assert.equal(removed.text, before, 'removal gives back the original bytes');
  } else assert.equal(inserted.text, before);
  const wrapped = wrapRunInTryExcept(before);
  if (wrapped.changed) {
    const { offset, length } = wrapped.edit;
    assert.equal(wrapped.text.slice(0, offset), before.slice(0, offset), 'bytes before run()\'s body kept');
    assert.equal(wrapped.text.slice(offset + wrapped.edit.newText.length), before.slice(offset + length), 'bytes after it kept');
    const again = wrapRunInTryExcept(wrapped.text);
    assert.ok(!again.changed, 'a second wrap changes nothing');
  }
}

describe('score.py edit properties', function () {
  // Many generated inputs per property: a guard against a stuck loop, not a timing.
  this.timeout(60_000);
  it('inserts and removes the hook byte for byte and wraps run() once, on generated modules (seed 42)', () => {
    fc.assert(fc.property(pythonFile, checkScoreEdits), { seed: 42, numRuns: 400 });
  });

  it('does the same on the corpus with lines put in (seed 46)', () => {
    const files = corpus('score', ['expected.json']).map(([, t]) => t);
    const mutated = fc.tuple(fc.constantFrom(...files), fc.nat(), fc.array(pyLine, { maxLength: 4 })).map(([text, at, lines]) => {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const all = text.split(eol);
      const i = at % (all.length + 1);
      return [...all.slice(0, i), ...lines, ...all.slice(i)].join(eol);
    });
    fc.assert(fc.property(mutated, checkScoreEdits), { seed: 46, numRuns: 300 });
  });

  it('answers any text without a throw (seed 47)', () => {
    fc.assert(fc.property(hostileText, checkScoreEdits), { seed: 47, numRuns: 500 });
  });
});
