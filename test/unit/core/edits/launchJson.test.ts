// The launch.json corpus: each real-world shape gets the attach configuration
// with every other byte kept, parses afterwards, and is left alone on a second
// run; broken files give their error position and no text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, getNodeValue, parse, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { azuremlAttachConfiguration, debugpyAttachConfiguration, type AttachConfiguration } from '../../../../src/core/edits/attachConfig';
import { addAttachConfiguration, addAttachConfigurationAt, isLaunchEditError, type LaunchEdit } from '../../../../src/core/edits/launchJson';
import { detectFormat } from '../../../../src/core/edits/textFormat';
import { assertOnlyInserted, assertSameLineEnds, corpus, repoRoot } from './textChecks';

type Expectation = string | { error: string; line: number; column: number } | { azureml: string; debugpy: string };
const expected = parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/launch/expected.jsonc'), 'utf8')) as Record<string, Expectation>;
const files = corpus('launch', ['expected.jsonc']);
const configs: [string, AttachConfiguration][] = [
  ['azureml', azuremlAttachConfiguration()],
  ['debugpy', debugpyAttachConfiguration()],
];
const fallback = { insertSpaces: true, tabSize: 4, eol: '\n' };

function parseStrict(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], 'the result parses');
  assert.ok(root);
  return root;
}

function findByName(root: Node, name: string): Node[] {
  const list = findNodeAtLocation(root, ['configurations']);
  return (list?.children ?? []).filter((c) => findNodeAtLocation(c, ['name'])?.value === name);
}

function hasJsonValue(text: string): boolean {
  return parseTree(text.replace(/^\uFEFF/, '')) !== undefined;
}

describe('launchJson.addAttachConfiguration (corpus)', () => {
  it('has at least 30 fixtures, each with an expectation', () => {
    assert.ok(files.length >= 30, `${files.length} fixtures`);
    assert.deepEqual(files.map(([f]) => f).sort(), Object.keys(expected).sort());
  });

  for (const [file, before] of files) {
    for (const [kind, config] of configs) {
      const want = expected[file];
      const outcome = typeof want === 'string' ? want : 'azureml' in want ? want[kind as 'azureml' | 'debugpy'] : 'error';
      it(`${file} + ${kind}: ${outcome}`, () => {
        const result = addAttachConfiguration(before, config, detectFormat(before.replace(/^\uFEFF/, ''), fallback));
        if (outcome === 'error') {
          const err = want as { error: string; line: number; column: number };
          assert.ok(isLaunchEditError(result), 'a broken file gives an error');
          assert.ok(result.error.includes(err.error), result.error);
          assert.deepEqual({ line: result.line, column: result.column }, { line: err.line, column: err.column });
          return;
        }
        assert.ok(!isLaunchEditError(result), isLaunchEditError(result) ? `${result.error} ${result.line}:${result.column}` : '');
        const after = (result as LaunchEdit).text;
        assert.equal(result.outcome, outcome);

        // The result parses and holds exactly one configuration of that name, with our values.
        const root = parseStrict(after);
        const mine = findByName(root, config.name);
        assert.equal(mine.length, 1, 'one configuration of that name');
        const written = getNodeValue(mine[0]) as Record<string, unknown>;
        for (const key of ['type', 'request', 'host', 'port']) assert.equal(written[key], config[key], key);
        assert.deepEqual(
          (written.pathMappings as object[]).map((m) => JSON.stringify(Object.entries(m).sort())),
          config.pathMappings.map((m) => JSON.stringify(Object.entries(m).sort())),
        );

        // Nothing else changed.
        assert.equal(after.startsWith('\uFEFF'), before.startsWith('\uFEFF'), 'BOM kept');
        assertSameLineEnds(before, after);
        const node = mine[0];
        const bomShift = after.startsWith('\uFEFF') ? 1 : 0;
        if (outcome === 'unchanged') {
          assert.equal(after, before);
        } else if (outcome === 'updated') {
          // Only bytes inside the existing configuration changed.
          const old = findByName(parseStrict(before), config.name)[0];
          assert.equal(after.slice(0, bomShift + node.offset), before.slice(0, bomShift + old.offset));
          assert.equal(after.slice(bomShift + node.offset + node.length), before.slice(bomShift + old.offset + old.length));
        } else if (!hasJsonValue(before)) {
          // Empty, blank or comments only: a skeleton after whatever comments were there.
          assert.ok(after.startsWith(before.trim() === '' || before === '\uFEFF' ? before.replace(/[ \t\r\n]+$/, '') : before));
        } else {
          // Added: only whitespace and commas outside the new text, which is the
          // configuration itself or, when the file had none, the "configurations" property.
          const list = findNodeAtLocation(root, ['configurations']);
          const hadList = findNodeAtLocation(parseStrict(before), ['configurations']) !== undefined;
          const span = hadList ? node : list!.parent!;
          assertOnlyInserted(before, after, bomShift + span.offset, bomShift + span.offset + span.length, /^[\s,]$/);
        }

        // A second run changes nothing.
        const again = addAttachConfiguration(after, config, detectFormat(after.replace(/^\uFEFF/, ''), fallback));
        assert.ok(!isLaunchEditError(again));
        assert.equal(again.outcome, 'unchanged');
        assert.equal(again.text, after);
      });
    }
  }
});

describe('launchJson.addAttachConfiguration (details)', () => {
  const config = azuremlAttachConfiguration();

  it('follows the file indentation and line ends for the new entry', () => {
    const before = fs.readFileSync(path.join(repoRoot, 'test/fixtures/launch/bom-crlf-tabs.json'), 'utf8');
    const r = addAttachConfiguration(before, config, detectFormat(before.slice(1), fallback));
    assert.ok(!isLaunchEditError(r));
    assert.ok(r.text.includes('\t\t{\r\n\t\t\t"name": "Azure Machine Learning: Attach to Deployment",\r\n'), r.text);
    assert.ok(r.text.includes('\t\t\t"pathMappings": [\r\n\t\t\t\t{\r\n\t\t\t\t\t"localRoot": "${workspaceFolder}",'), r.text);
  });

  it('keeps a configuration the user tuned: only owned keys are overwritten', () => {
    const before = fs.readFileSync(path.join(repoRoot, 'test/fixtures/launch/port-differs.json'), 'utf8');
    const r = addAttachConfiguration(before, config, fallback);
    assert.ok(!isLaunchEditError(r));
    const item = (parse(r.text) as { configurations: Record<string, unknown>[] }).configurations[0];
    assert.equal(item.port, 5678);
    assert.equal(item.justMyCode, false);
    assert.ok(r.text.includes('// moved to another port by hand'));
  });

  it('updates the seeds\' python configuration to the debugpy type and 127.0.0.1', () => {
    const before = fs.readFileSync(path.join(repoRoot, 'test/fixtures/launch/seeds-python.json'), 'utf8');
    const r = addAttachConfiguration(before, debugpyAttachConfiguration({ port: 5700 }), fallback);
    assert.ok(!isLaunchEditError(r));
    const list = (parse(r.text) as { configurations: Record<string, unknown>[] }).configurations;
    assert.equal(list.length, 2);
    assert.deepEqual([list[0].type, list[0].host, list[0].port, list[0].justMyCode], ['debugpy', '127.0.0.1', 5700, true]);
  });

  it('writes a skeleton VS Code accepts into an empty file', () => {
    const r = addAttachConfiguration('', config, { insertSpaces: true, tabSize: 2, eol: '\r\n' });
    assert.ok(!isLaunchEditError(r));
    assert.deepEqual(JSON.parse(r.text), { version: '0.2.0', configurations: [config] });
    assert.ok(r.text.startsWith('{\r\n  "version": "0.2.0",\r\n  "configurations": [\r\n    {\r\n'));
  });

  it('reports "configurations" that is not an array without writing', () => {
    const r = addAttachConfiguration('{"configurations": 5}', config, fallback);
    assert.ok(isLaunchEditError(r));
    assert.match(r.error, /not an array/);
  });
});

describe('launchJson.addAttachConfigurationAt (.code-workspace "launch")', () => {
  const config = azuremlAttachConfiguration();
  const ws = (f: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/launch-workspace', f), 'utf8');

  for (const file of ['no-launch.code-workspace', 'with-launch.code-workspace']) {
    it(`${file}: adds under "launch", keeps the rest, second run unchanged`, () => {
      const before = ws(file);
      const r = addAttachConfigurationAt(before, ['launch'], config, detectFormat(before, fallback));
      assert.ok(!isLaunchEditError(r));
      const value = parse(r.text) as { folders: unknown; launch: { configurations: { name: string }[] } };
      assert.deepEqual(value.folders, (parse(before) as { folders: unknown }).folders);
      assert.equal(value.launch.configurations.filter((c) => c.name === config.name).length, 1);
      assert.ok(r.text.includes('//'), 'comments kept');
      const again = addAttachConfigurationAt(r.text, ['launch'], config, fallback);
      assert.ok(!isLaunchEditError(again));
      assert.equal(again.text, r.text);
    });
  }

  it('refuses a "launch" that is not an object', () => {
    const r = addAttachConfigurationAt(ws('launch-not-object.code-workspace'), ['launch'], config, fallback);
    assert.ok(isLaunchEditError(r));
    assert.deepEqual([r.line, r.column], [3, 13]);
  });
});

describe('launchJson on hostile input (issue 17)', () => {
  const config = azuremlAttachConfiguration();
  // jsonc-parser builds its tree by recursion: 100,000 brackets overflowed the
  // stack and the command threw "Maximum call stack size exceeded".
  const deep = `{"configurations": ${'['.repeat(100_000)}`;

  it('answers a launch.json nested 100,000 deep with an error at the first bracket too deep', () => {
    const r = addAttachConfiguration(deep, config, fallback);
    assert.ok(isLaunchEditError(r), 'an error, not a text');
    assert.match(r.error, /nested deeper than 64 levels/);
    // `{` is the first level, so the 64th `[` is the 65th level.
    assert.deepEqual([r.line, r.column], [1, deep.indexOf('[') + 64]);
  });

  it('answers the same in a .code-workspace "launch" and in a configuration being updated', () => {
    const r = addAttachConfigurationAt(`{"launch": ${deep.slice(1)}`, ['launch'], config, fallback);
    assert.ok(isLaunchEditError(r) && /nested deeper than 64 levels/.test(r.error));
    const named = `{"configurations": [{"name": ${JSON.stringify(config.name)}, "env": ${'{"a": '.repeat(30_000)}}]}`;
    const u = addAttachConfiguration(named, config, fallback);
    assert.ok(isLaunchEditError(u) && /nested deeper than 64 levels/.test(u.error));
  });
});

describe('launchJson: a file of comments only', () => {
  it('is a new file even when a line comment holds "/*", and an unclosed block comment is an error', () => {
    // Read by the scanner now (a regular expression looked past every `/*` for a `*/`:
    // seconds on a long comment full of them), which knows a `/*` in a line comment is text.
    const r = addAttachConfiguration('// see /* below\n', azuremlAttachConfiguration(), fallback);
    assert.ok(!isLaunchEditError(r) && r.outcome === 'added' && r.text.startsWith('// see /* below\n{'));
    const long = addAttachConfiguration(`/*${' /*'.repeat(1000)} */\n`, azuremlAttachConfiguration(), fallback);
    assert.ok(!isLaunchEditError(long) && long.outcome === 'added');
    assert.ok(isLaunchEditError(addAttachConfiguration('/* never closed\n', azuremlAttachConfiguration(), fallback)));
  });
});

describe('launchJson: a missing "configurations" or "launch" added by hand', () => {
  it('keeps the bytes around it, which jsonc-parser\'s modify re-formatted', () => {
    // Found by the property tests (issue 17): modify took the tab out of the line it inserted after.
    const before = '{\n  // The version is required by old VS Code builds\n  "version": \t"0.2.0", // keep\n}\n';
    const r = addAttachConfiguration(before, azuremlAttachConfiguration(), fallback);
    assert.ok(!isLaunchEditError(r));
    assert.ok(r.text.startsWith('{\n  // The version is required by old VS Code builds\n  "version": \t"0.2.0", // keep\n  "configurations": ['), r.text);
    assert.ok(r.text.endsWith('\n  ],\n}\n'), 'the trailing comma style kept');
    const ws = addAttachConfigurationAt('{"folders": [{"path": "."}]\t}', ['launch'], azuremlAttachConfiguration(), fallback);
    assert.ok(!isLaunchEditError(ws));
    assert.ok(ws.text.startsWith('{"folders": [{"path": "."}],\t\n    "launch": {\n        "version": "0.2.0",'), ws.text);
    assert.ok(ws.text.endsWith('\n    }\n}'), ws.text);
  });
});
