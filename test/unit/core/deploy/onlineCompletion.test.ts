// Editing help for deployment.yml from the schema's key table: the keys a
// mapping may still take at the cursor (half-typed files included), the
// values of a fixed set, and what a key takes, for a hover.
import * as assert from 'node:assert/strict';
import { completionsAt, fieldAt } from '../../../../src/core/deploy/onlineCompletion';
import { maxYamlChars } from '../../../../src/core/edits/yamlText';

const file = [
  'name: blue',
  'endpoint_name: my-endpoint',
  'request_settings:',
  '  request_timeout_ms: 5000',
  '  ',
  'environment:',
  '  image: mcr.microsoft.com/azureml/minimal-py312-inference:latest',
  'type: ',
  '',
].join('\n');
const at = (line: number, column: number) => file.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0) + column;

describe('onlineCompletion', () => {
  it('offers the keys a nested mapping may still take, not those written', () => {
    const labels = completionsAt(file, at(4, 2), 'managed').map((c) => c.label);
    assert.ok(labels.includes('max_concurrent_requests_per_instance'));
    assert.ok(!labels.includes('request_timeout_ms'));
    assert.ok(!labels.includes('name'));
  });

  it('offers top-level keys of the schema in use, with what each takes', () => {
    const items = completionsAt(file, at(8, 0), 'managed');
    const labels = items.map((c) => c.label);
    assert.ok(labels.includes('instance_type') && labels.includes('readiness_probe'));
    assert.ok(!labels.includes('name') && !labels.includes('environment'), 'written ones are left out');
    assert.ok(!labels.includes('resources'), 'kubernetes-only keys are left out of a managed file');
    assert.ok(completionsAt(file, at(8, 0), 'kubernetes').some((c) => c.label === 'resources'));
    assert.equal(items.find((c) => c.label === 'instance_count')?.detail, 'integer >= 0');
    assert.equal(items.find((c) => c.label === 'readiness_probe')?.insert, 'readiness_probe:\n');
  });

  it('offers the values of a fixed set after the key', () => {
    assert.deepEqual(completionsAt(file, at(7, 6), 'managed').map((c) => c.label), ['managed', 'kubernetes']);
    assert.deepEqual(completionsAt(file, at(0, 10), 'managed'), [], 'free text gets nothing');
  });

  it('says what the key under the cursor takes', () => {
    assert.deepEqual(fieldAt(file, at(3, 4)), { path: ['request_settings', 'request_timeout_ms'], detail: 'integer >= 1, <= 180000 (managed)' });
    assert.equal(fieldAt(file, at(0, 1))?.detail, 'text (required: the deployment has no name)');
    assert.equal(fieldAt('tags:\n  team: x\n', 8), undefined, 'keys of your own are not the schema\'s');
  });
});

describe('onlineCompletion on a large file (issue 17)', () => {
  it('finds the keys written beside the cursor among 25,000 lines, and reads a long line without a colon', () => {
    // Each line of the file asked for its own path, walking up the file:
    // quadratic, 7 s for 50 KB, on every completion request.
    const filler = '  a:\n'.repeat(25_000).slice(0, -1);
    const text = `request_settings:\n  request_timeout_ms: 5000\n${filler}\n  \n`;
    const labels = completionsAt(text, text.length - 1, 'managed').map((c) => c.label);
    assert.ok(labels.includes('max_concurrent_requests_per_instance'));
    assert.ok(!labels.includes('request_timeout_ms'));
    const long = `request_settings:\n  a${' '.repeat(100_000)}b\n  `;
    assert.ok(completionsAt(long, long.length, 'managed').some((c) => c.label === 'request_timeout_ms'));
  });

  it('offers nothing in a file past the size the readers refuse', () => {
    const big = `request_settings:\n  ${'\n'.repeat(maxYamlChars)}  `;
    assert.deepEqual(completionsAt(big, big.length, 'managed'), []);
    assert.equal(fieldAt(`name: x\n${' '.repeat(maxYamlChars)}`, 1), undefined);
    assert.ok(completionsAt(big.slice(-1000), 999, 'managed').length > 0, 'the same text, smaller, gets completions');
  });
});
