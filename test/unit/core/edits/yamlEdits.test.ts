// setYamlValue and removeYamlKey: over every v2 corpus file, the change is
// the one value or key (no comment or anchor in the replaced span), it reads
// back, a second run changes nothing, CRLF stays CRLF; and by hand, each
// shape of YAML the quick fixes meet, down to the byte.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { type TextReplacement } from '../../../../src/core/edits/textChange';
import { removeYamlKey, setYamlValue } from '../../../../src/core/edits/yamlEdits';
import { assertSameLineEnds, repoRoot } from './textChecks';

const apply = (text: string, r: TextReplacement | undefined) => (r ? text.slice(0, r.start) + r.text + text.slice(r.end) : text);
const set = (text: string, p: string[], v: string | number | boolean) => apply(text, setYamlValue(text, p, v));
const remove = (text: string, p: string[]) => apply(text, removeYamlKey(text, p));

const dir = path.join(repoRoot, 'test/fixtures/v2');
const files = fs
  .readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /deployment\.yml$/.test(f))
  .sort()
  .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')] as const);

const edits: [string[], string | number | boolean][] = [
  [['request_settings', 'request_timeout_ms'], 90000],
  [['liveness_probe', 'period'], 5],
  [['name'], 'green'],
  [['code_configuration', 'scoring_script'], 'serve/score.py'],
  [['environment_variables', 'AZUREML_LOG_LEVEL'], 'DEBUG'],
];

// Where a path cannot be set in place: variables that are an alias (an edit
// there would change every alias of it), and a file that is a list.
const refused = new Set([
  'billion-laughs/deployment.yml environment_variables.AZUREML_LOG_LEVEL',
  'not-a-mapping/deployment.yml request_settings.request_timeout_ms',
  'not-a-mapping/deployment.yml liveness_probe.period',
  'not-a-mapping/deployment.yml name',
  'not-a-mapping/deployment.yml code_configuration.scoring_script',
  'not-a-mapping/deployment.yml environment_variables.AZUREML_LOG_LEVEL',
]);

function comments(text: string): string[] {
  return text.split(/\r?\n/).flatMap((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1] ?? []);
}

describe('yamlEdits (v2 corpus)', () => {
  for (const [file, before] of files) {
    const broken = parseDocument(before).errors.length > 0;
    it(`${file}: ${broken ? 'left alone (YAML errors)' : 'sets and removes in place'}`, () => {
      if (broken) {
        for (const [p, v] of edits) assert.equal(setYamlValue(before, p, v), undefined);
        assert.equal(removeYamlKey(before, ['name']), undefined);
        return;
      }
      const seen: string[] = [];
      for (const [p, v] of edits) {
        const r = setYamlValue(before, p, v);
        if (!r) {
          seen.push(`${file} ${p.join('.')}`);
          continue;
        }
        const replaced = before.slice(r.start, r.end);
        assert.doesNotMatch(replaced, /[#&*]/, `${p.join('.')}: only the value changes, never a comment, anchor or alias`);
        const after = apply(before, r);
        assert.equal(parseDocument(after).errors.length, 0, after);
        assert.equal(String(parseDocument(after).getIn(p)), String(v), `${p.join('.')} reads back`);
        assert.deepEqual(comments(after), comments(before), 'comments kept');
        assertSameLineEnds(before, after);
        assert.equal(set(after, p, v), after, 'a second run changes nothing');
      }
      assert.deepEqual(seen, [...refused].filter((s) => s.startsWith(`${file} `)));

      const doc = parseDocument(before);
      if (doc.has('instance_type')) {
        const after = remove(before, ['instance_type']);
        assert.equal(parseDocument(after).has('instance_type'), false);
        assert.deepEqual(comments(after), comments(before));
        assertSameLineEnds(before, after);
        assert.equal(removeYamlKey(after, ['instance_type']), undefined, 'nothing left to remove');
      }
    });
  }
});

describe('yamlEdits.setYamlValue', () => {
  it('changes only the scalar: anchor, comment and quotes stay', () => {
    assert.equal(set('a:\n  t: &t 5000  # ms\nb: *t\n', ['a', 't'], 90000), 'a:\n  t: &t 90000  # ms\nb: *t\n');
    assert.equal(set("name: 'blue' # n\n", ['name'], "it's"), "name: 'it''s' # n\n");
    assert.equal(set('name: "blue"\n', ['name'], 'green'), 'name: "green"\n');
    assert.equal(set('x: &v 1\ny: *v\n', ['y'], 2), 'x: &v 1\ny: 2\n');
  });

  it('writes strings plain only when both YAML 1.1 and 1.2 read them back as strings', () => {
    for (const [value, written] of [['yes', '"yes"'], ['010', '"010"'], ['a b', '"a b"'], ['1.5', '"1.5"'], ['', '""'], ['.inf', '".inf"'], ['#x', '"#x"']]) {
      assert.equal(set('v: old\n', ['v'], value), `v: ${written}\n`, value);
    }
    for (const value of ['models/m.pkl', 'azureml:m:1', './model', 'mcr.microsoft.com/azureml/minimal-py312-inference:latest', 'Standard_DS3_v2']) {
      assert.equal(set('v: old\n', ['v'], value), `v: ${value}\n`, value);
    }
    assert.equal(set('v: old\n', ['v'], false), 'v: false\n');
  });

  it('fills an empty value and replaces a block scalar', () => {
    assert.equal(set('description:\nname: a\n', ['description'], 'x'), 'description: x\nname: a\n');
    assert.equal(set('request_settings:\nname: a\n', ['request_settings', 'request_timeout_ms'], 9), 'request_settings:\n  request_timeout_ms: 9\nname: a\n');
    assert.equal(set('d: |\n  line\n  more\nname: a\n', ['d'], 'x'), 'd: x\nname: a\n');
  });

  it('inserts a missing key at the end of its mapping, with the file\'s indentation', () => {
    assert.equal(set('a:\n  b: 1 # one\n\n# about c\nc: 2\n', ['a', 'x'], 3), 'a:\n  b: 1 # one\n  x: 3\n\n# about c\nc: 2\n');
    assert.equal(set('model:\n    path: m\n', ['liveness_probe', 'period'], 5), 'model:\n    path: m\nliveness_probe:\n    period: 5\n');
    assert.equal(set('rs: {a: 1}\n', ['rs', 'b'], 2), 'rs: {a: 1, b: 2}\n');
    assert.equal(set('rs: {}\n', ['rs', 'b', 'c'], 2), 'rs: {b: {c: 2}}\n');
    assert.equal(set('name: a', ['b'], 1), 'name: a\nb: 1');
    assert.equal(set('', ['name'], 'a'), 'name: a\n');
    assert.equal(set('# only a comment', ['a', 'b'], 1), '# only a comment\na:\n  b: 1\n');
    assert.equal(set('a:\r\n  b: 1\r\n', ['a', 'c'], 2), 'a:\r\n  b: 1\r\n  c: 2\r\n');
  });

  it('refuses YAML errors, sequences, aliased mappings and collections', () => {
    assert.equal(setYamlValue('a: [1\n', ['b'], 1), undefined);
    assert.equal(setYamlValue('a: 1\na: 2\n', ['a'], 3), undefined);
    assert.equal(setYamlValue('a:\n  - 1\n', ['a', 'b'], 1), undefined);
    assert.equal(setYamlValue('a:\n  b: 1\n', ['a'], 1), undefined);
    assert.equal(setYamlValue('x: &m {a: 1}\ny: *m\n', ['y', 'a'], 2), undefined);
    assert.equal(setYamlValue('- a\n', ['a'], 1), undefined);
  });
});

describe('yamlEdits.removeYamlKey', () => {
  it('removes whole lines, keeping the comments around them', () => {
    assert.equal(remove('a: 1 # one\nb: 2\n', ['a']), 'b: 2\n');
    assert.equal(remove('# about a\na:\n  x: 1\n  y: 2\nb: 2\n', ['a']), '# about a\nb: 2\n');
    assert.equal(remove('a:\n  x: 1 # x\n  y: 2\n', ['a', 'x']), 'a:\n  y: 2\n');
    assert.equal(remove('a: 1\r\nb: 2\r\n', ['a']), 'b: 2\r\n');
    assert.equal(remove('a: 1\nb: 2', ['b']), 'a: 1');
  });

  it('removes a flow entry with one comma, and an emptied mapping with its key', () => {
    assert.equal(remove('r: {a: 1, b: 2}\n', ['r', 'a']), 'r: {b: 2}\n');
    assert.equal(remove('r: {a: 1, b: 2}\n', ['r', 'b']), 'r: {a: 1}\n');
    assert.equal(remove('r:\n  a: 1\nn: x\n', ['r', 'a']), 'n: x\n');
  });

  it('refuses what is not there, broken files and paths through a sequence', () => {
    assert.equal(removeYamlKey('a: 1\n', ['b']), undefined);
    assert.equal(removeYamlKey('a: 1\na: 2\n', ['a']), undefined);
    assert.equal(removeYamlKey('a: [1\n', ['a']), undefined);
    assert.equal(removeYamlKey('l:\n  - a: 1\n', ['l', 'a']), undefined);
    assert.equal(remove('{a: 1, b: 2}\n', ['a']), '{b: 2}\n');
  });
});
