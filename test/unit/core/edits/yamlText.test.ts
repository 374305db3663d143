// The guard in front of the yaml parser: it refuses what would overflow the
// parser's stack, more anchors and aliases or more text than a real file has,
// and no real file; duplicate keys are still errors, found in one pass.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maxYamlAliases, maxYamlChars, maxYamlNesting, maxYamlTokens, parseYamlGuarded, yamlNestingTooDeep, yamlRefusalMessage } from '../../../../src/core/edits/yamlText';
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
    assert.equal(guarded.refused?.kind, 'too-deep');
    assert.ok(guarded.refused.offset > 8);
  });

  it('refuses more anchors and aliases than the limit, at the first one too many (issue 17)', () => {
    const keys = Array.from({ length: maxYamlAliases + 5 }, (_, i) => `k${i}: &a${i} v\n`).join('');
    const r = parseYamlGuarded(keys);
    assert.equal(r.refused?.kind, 'too-many-aliases');
    assert.equal(r.refused.offset, keys.indexOf(`&a${maxYamlAliases} `));
    const flow = `x: &a 1\ny: [${Array(maxYamlAliases).fill('*a').join(',')}]\n`;
    assert.equal(parseYamlGuarded(flow).refused?.kind, 'too-many-aliases');
    assert.ok(parseYamlGuarded(flow.replace('[*a,', '[')).doc, 'exactly the limit is read');
    // Not an anchor or an alias: inside a word, quoted, commented, or a lone `*` of a conda spec.
    const lookalikes = `${Array.from({ length: 2000 }, (_, i) => `- "n&${i}" # &c${i}\n- numpy=1.*\n- 'p *q${i}'\n- a&b\n`).join('')}`;
    assert.equal(parseYamlGuarded(lookalikes).refused, undefined);
    assert.match(yamlRefusalMessage('The conda file', r.refused), /^The conda file has more than 1000 anchors and aliases \(&name, \*name\); it was not read\./);
  });

  it('refuses a text longer than the limit, at its start, and the caller may raise it', () => {
    const big = `a: ${'x'.repeat(maxYamlChars)}\n`;
    assert.deepEqual(parseYamlGuarded(big).refused, { kind: 'too-large', offset: 0, limit: maxYamlChars });
    assert.ok(parseYamlGuarded(big, { maxChars: big.length }).doc);
    assert.match(yamlRefusalMessage('deployment.yml', { kind: 'too-large', offset: 0, limit: maxYamlChars }), /^deployment\.yml is larger than 128 KB; it was not read\./);
  });

  it('refuses more tokens than the limit, at the first one too many, whatever the caller allows in characters (issue 17)', () => {
    // 2 MB of blank lines were two million tokens for the yaml package: 8 s of CPU in a kubeconfig's 2 MB.
    const blank = '\n'.repeat(2 * 1024 * 1024);
    assert.deepEqual(parseYamlGuarded(blank, { maxChars: blank.length }).refused, { kind: 'too-many-tokens', offset: maxYamlTokens, limit: maxYamlTokens });
    const keys = 'name: x\n'.repeat(maxYamlTokens);
    assert.equal(parseYamlGuarded(keys, { maxChars: keys.length }).refused?.kind, 'too-many-tokens');
    // A kubeconfig's long certificates are few tokens; so is a real file of the 128 KB the other readers take.
    const certificates = `clusters:\n${'- cluster:\n    certificate-authority-data: LS0t'.concat('A'.repeat(20_000), '\n').repeat(100)}`;
    assert.ok(parseYamlGuarded(certificates, { maxChars: certificates.length }).doc);
    const conda = `dependencies:\n  - pip:\n${'    - numpy==1.15.4  # pinned\n'.repeat(4300)}`;
    assert.ok(conda.length <= maxYamlChars && parseYamlGuarded(conda).doc);
    assert.match(yamlRefusalMessage('The file', { kind: 'too-many-tokens', offset: 0, limit: maxYamlTokens }), /^The file has more than 65536 keys, values, indicators and line ends; it was not read\./);
  });

  it("finds duplicate keys in one pass, where the yaml package's own check compared each key with every earlier one", () => {
    // The package's check took 14 s on a 40,000-key map (issue 17): it stays off,
    // and the same DUPLICATE_KEY errors come from a set per map.
    const keys = `${Array.from({ length: 40_000 }, (_, i) => `k${i}: 1\n`).join('')}k7: 2\nm: {a: 1, b: 2, a: 3}\nl: [{x: 1}, {x: 2}]\n`;
    const r = parseYamlGuarded(keys, { maxChars: keys.length, maxTokens: Infinity });
    assert.ok(r.doc);
    assert.equal(r.doc.options.uniqueKeys, false);
    const dups = r.doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    assert.deepEqual(dups.map((e) => [e.pos[0], e.message]), [
      [keys.indexOf('k7: 2'), 'Map keys must be unique'],
      [keys.indexOf('a: 3'), 'Map keys must be unique'],
    ]);
    // Equal as the package compares them: the scalar's value, so 1 and "1" differ and null and ~ do not.
    const kinds = parseYamlGuarded('1: a\n"1": b\nnull: c\n~: d\n').doc!;
    assert.deepEqual(kinds.errors.map((e) => e.pos[0]), [20]);
  });

  it('is not fooled by a [ or a quote inside plain text into missing the nesting after it (issue 17)', () => {
    // A scan of characters took these for a flow collection or a string, stopped
    // counting, and the yaml package's parser overflowed on the 3,000 levels after them.
    for (const before of ['a: x[', 'a: x "', '\x1b[31mdependencies: x', 'a: b |']) {
      for (const deep of ['- '.repeat(3000), Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')]) {
        const text = `${before}\n${deep}`;
        assert.notEqual(yamlNestingTooDeep(text), undefined, JSON.stringify(before));
        assert.equal(parseYamlGuarded(text).refused?.kind, 'too-deep', JSON.stringify(before));
      }
    }
  });

  it('measures nesting and anchors exactly on the parser\'s tokens, in file order', () => {
    // 64 levels of flow sequences pass; the 65th is refused at its bracket.
    assert.ok(parseYamlGuarded(`${'['.repeat(63)}${']'.repeat(63)}`).doc);
    const anchors = `a: [${Array.from({ length: maxYamlAliases + 1 }, (_, i) => `&x${i} ${i}`).join(', ')}]`;
    assert.deepEqual(parseYamlGuarded(anchors).refused, { kind: 'too-many-aliases', offset: anchors.indexOf(`&x${maxYamlAliases} `), limit: maxYamlAliases });
    assert.equal(parseYamlGuarded(anchors, { maxAliases: maxYamlAliases + 1 }).refused, undefined);
  });
});
