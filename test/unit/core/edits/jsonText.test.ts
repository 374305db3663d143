// The nesting guard in front of jsonc-parser (issue 17): it refuses what would
// overflow the parser's stack, counts brackets as the parser does, and lets
// every real configuration through.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { modify } from 'jsonc-parser';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonNestingTooDeep, jsonRefusalMessage, maxJsonChars, maxJsonNesting, modifyFormatted, parseJsonTree, parseJsonValue } from '../../../../src/core/edits/jsonText';
import { setJsonSetting, locateJsonSetting } from '../../../../src/core/crash/configLocations';
import { azuremlAttachConfiguration } from '../../../../src/core/edits/attachConfig';
import { addAttachConfiguration, isLaunchEditError } from '../../../../src/core/edits/launchJson';
import { inferenceConfigFiles } from '../../../../src/core/deploy/inferenceConfigFiles';
import { prepareTestRequest } from '../../../../src/core/deploy/testRequest';
import { repoRoot } from './textChecks';

function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(jsonc?|code-workspace)$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('jsonText', () => {
  it('lets every JSON fixture and the sample through', () => {
    const files = [...jsonFiles(path.join(repoRoot, 'test/fixtures')), ...jsonFiles(path.join(repoRoot, 'sample'))];
    assert.ok(files.length > 40, `${files.length} files`);
    for (const f of files) assert.equal(jsonNestingTooDeep(fs.readFileSync(f, 'utf8')), undefined, f);
  });

  it('refuses at the first bracket past the limit, not counting brackets in strings or comments', () => {
    assert.equal(jsonNestingTooDeep('['.repeat(100_000)), maxJsonNesting);
    assert.equal(jsonNestingTooDeep(`${'['.repeat(maxJsonNesting)}${']'.repeat(maxJsonNesting)}`), undefined);
    const quoted = `{"a": "${'['.repeat(500)}", // ${'{'.repeat(500)}\n /* ${'['.repeat(500)} */ "b": 1}`;
    assert.equal(jsonNestingTooDeep(quoted), undefined);
    assert.ok(parseJsonTree(quoted).root);
  });

  it('does not let a stray closer hide depth the parser still descends into', () => {
    // In an array jsonc-parser skips a `}` as an error and goes on inside the array.
    for (const text of ['[}'.repeat(100_000), '{"a":]'.repeat(100_000), '[{]'.repeat(100_000)]) {
      assert.notEqual(jsonNestingTooDeep(text), undefined, text.slice(0, 6));
      assert.doesNotThrow(() => parseJsonTree(text));
      assert.doesNotThrow(() => parseJsonValue(text));
    }
  });

  it('gives the tree or the value with their errors when the text is shallow enough', () => {
    const tree = parseJsonTree('{"a": [1,]}', { allowTrailingComma: false });
    assert.equal(tree.root?.type, 'object');
    assert.equal(tree.errors?.length, 1);
    assert.deepEqual(parseJsonValue('{"a": [1]}'), { value: { a: [1] }, errors: [] });
    assert.match(jsonRefusalMessage('launch.json', { kind: 'too-deep', offset: 9, limit: maxJsonNesting }), /^launch\.json is nested deeper than 64 levels of \[ and \{; it was not read\./);
  });

  it('keeps every JSON reader off the parser on deep text: nothing found, nothing changed, sent unchecked', () => {
    const deep = `{"containerResourceRequirements": {"cpu": 1}, "x": ${'['.repeat(100_000)}`;
    assert.equal(locateJsonSetting(deep, 'cpu'), undefined);
    assert.deepEqual(setJsonSetting(deep, 'cpu', 2), { text: deep, edits: [] });
    assert.deepEqual(inferenceConfigFiles(`{"entryScript": "score.py", "x": ${'{"a": '.repeat(30_000)}`), { entryScript: [], condaFile: [] });
    assert.deepEqual(prepareTestRequest(`{"data": ${'['.repeat(100_000)}`).contentType, 'application/json');
  });
});

describe('jsonText: the size limit (issue 17)', () => {
  // 4 MB cost jsonc-parser and the readers around it seconds of CPU; a nest of 64 brackets over and over, 4.5 s.
  const nests = `[${`${'['.repeat(63)}${']'.repeat(63)},`.repeat(33_000)}0]`;
  const big = `{"containerResourceRequirements": {"cpu": 1}, "entryScript": "score.py", "data": [${'0, '.repeat(maxJsonChars / 3)}0]}`;

  it('refuses a text longer than the limit at its start, before the parser or the nesting scan', () => {
    assert.ok(nests.length > maxJsonChars && jsonNestingTooDeep(nests) === undefined, 'deep enough only to cost, not to be refused');
    for (const text of [nests, big]) {
      assert.deepEqual(parseJsonTree(text), { refused: { kind: 'too-large', offset: 0, limit: maxJsonChars } });
      assert.deepEqual(parseJsonValue(text).refused?.kind, 'too-large');
    }
    assert.ok(parseJsonTree(big.slice(0, maxJsonChars - 2) + ']}').root, 'the limit itself is read');
    assert.match(jsonRefusalMessage('launch.json', { kind: 'too-large', offset: 0, limit: maxJsonChars }), /^launch\.json is larger than 256 KB; it was not read\./);
  });

  it('keeps every JSON reader off the parser on a text past the limit: an error at its start, nothing found or changed, sent unchecked', () => {
    // Blanks alone are an empty file to fill, within the limit; past it, not read (jsonc-parser's scanner took 1.2 s of CPU on 4 MB of spaces).
    for (const text of [nests, ' '.repeat(4 * 1024 * 1024)]) {
      const edit = addAttachConfiguration(text, azuremlAttachConfiguration(), { insertSpaces: true, tabSize: 4, eol: '\n' });
      assert.ok(isLaunchEditError(edit) && /^The file is larger than 256 KB/.test(edit.error) && edit.line === 1 && edit.column === 1);
    }
    assert.ok(!isLaunchEditError(addAttachConfiguration(' '.repeat(maxJsonChars), azuremlAttachConfiguration(), { insertSpaces: true, tabSize: 4, eol: '\n' })));
    assert.equal(locateJsonSetting(big, 'cpu'), undefined);
    assert.deepEqual(setJsonSetting(big, 'cpu', 2), { text: big, edits: [] });
    assert.deepEqual(inferenceConfigFiles(big), { entryScript: [], condaFile: [] });
    assert.equal(prepareTestRequest(`${big} trailing`).contentType, 'application/json');
  });
});

describe('jsonText.modifyFormatted', () => {
  const formats = [{ insertSpaces: true, tabSize: 4, eol: '\n' }, { insertSpaces: false, tabSize: 4, eol: '\r\n' }, { insertSpaces: true, tabSize: 2, eol: '\n' }];
  const pieces = ['{', '}', '[', ']', '"a"', '"b"', ':', ',', ' ', '\n', '\r\n', '\t', '1', 'null', '// c\n', '/* c */', '{"a": {"b": 1}}', '"c": [1, {"d": 2}]'];
  const paths = [['a'], ['a', 'b'], ['c', 1, 'd'], ['configurations'], ['x', 'y', 'z']];

  it('gives what jsonc-parser\'s modify gives, to the byte (seed 42)', () => {
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(fc.property(text, fc.constantFrom(...paths), fc.constantFrom(1, 'v', { e: [1, 2] }, undefined), fc.constantFrom(...formats), (t, p, v, f) => {
      let expected: unknown;
      try {
        expected = modify(t, p, v, { formattingOptions: f });
      } catch (err) {
        expected = String(err);
      }
      let actual: unknown;
      try {
        actual = modifyFormatted(t, p, v, f);
      } catch (err) {
        actual = String(err);
      }
      assert.deepEqual(actual, expected);
    }), { seed: 42, numRuns: 3000 });
  });

  it('sets a value on the one line of a minified file in one pass (issue 17)', () => {
    // jsonc-parser copied the whole text once per token of the line it re-formats: minutes for these.
    const config = azuremlAttachConfiguration();
    const others = Array.from({ length: 2_000 }, (_, i) => `{"name":"c${i}","type":"debugpy","request":"launch"}`).join(',');
    const launch = `{"version":"0.2.0","configurations":[${others},{"name":${JSON.stringify(config.name)},"type":"debugpy"}]}`;
    const r = addAttachConfiguration(launch, config, formats[0]);
    assert.ok(!isLaunchEditError(r) && r.outcome === 'updated');
    const settings = `{"containerResourceRequirements":{"cpu":1},${Array.from({ length: 17_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    assert.match(setJsonSetting(settings, 'memoryInGB', 2).text, /"cpu": 1,\n +"memoryInGB": 2\n/);
  });
});
