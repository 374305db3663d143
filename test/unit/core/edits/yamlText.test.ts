// The nesting guard in front of the yaml parser: it refuses what would
// overflow the parser's stack, and no real file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maxYamlNesting, parseYamlGuarded, yamlNestingTooDeep } from '../../../../src/core/edits/yamlText';
import { repoRoot } from './textChecks';

function ymlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('yamlText', () => {
  it('lets every YAML fixture through', () => {
    const files = [...ymlFiles(path.join(repoRoot, 'test/fixtures/v2')), ...ymlFiles(path.join(repoRoot, 'test/fixtures/conda'))];
    assert.ok(files.length > 60, `${files.length} files`);
    for (const f of files) assert.equal(yamlNestingTooDeep(fs.readFileSync(f, 'utf8')), undefined, f);
  });

  it('does not count brackets in quotes, comments or block scalars', () => {
    const many = '['.repeat(200);
    const text = `a: "${many}"\nb: '${many}'\n# ${many}\nc: |\n  ${many}\n  - - - - - -\nd: {e: [1, 2]}\n`;
    assert.equal(yamlNestingTooDeep(text), undefined);
    assert.ok(parseYamlGuarded(text).doc);
  });

  it('refuses deep flow, block and compact nesting where it gets too deep', () => {
    // The line itself is one level: a bracket more than the limit allows is refused at that bracket.
    assert.equal(yamlNestingTooDeep('['.repeat(40_000)), maxYamlNesting - 1);
    assert.equal(yamlNestingTooDeep('['.repeat(maxYamlNesting - 1)), undefined);
    assert.notEqual(yamlNestingTooDeep('- '.repeat(1000)), undefined);
    assert.notEqual(yamlNestingTooDeep('a: '.repeat(1000)), undefined);
    const stairs = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.ok((yamlNestingTooDeep(stairs) ?? 0) > 0);
    const guarded = parseYamlGuarded('x: 1\ny: ' + '{'.repeat(5000));
    assert.equal(guarded.doc, undefined);
    assert.ok(guarded.tooDeep !== undefined && guarded.tooDeep > 8);
  });
});
