// Assertions shared by the launch.json, conda and score.py corpora: every
// original byte kept in order, and what an edit adds limited to what it may add.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from out/test/unit/core/edits. */
export const repoRoot = path.join(__dirname, '..', '..', '..', '..', '..');

/** Every file of a fixture folder (not the expectations file), as [name, text]. */
export function corpus(folder: string, skip: string[] = []): [string, string][] {
  const dir = path.join(repoRoot, 'test', 'fixtures', folder);
  return fs
    .readdirSync(dir)
    .filter((f) => !skip.includes(f))
    .sort()
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
}

/**
 * Asserts that `after` is `before` with characters inserted (none removed or
 * changed), and that every inserted character outside `[from, to)` of
 * `after` matches `allowed`.
 */
export function assertOnlyInserted(before: string, after: string, from: number, to: number, allowed: RegExp): void {
  const outside = after.slice(0, from) + after.slice(to);
  let i = 0;
  for (let j = 0; j < outside.length; j++) {
    if (i < before.length && before[i] === outside[j]) {
      i++;
      continue;
    }
    // Greedy matching is exact here: a character that cannot be matched now
    // cannot be matched in any alignment, so it was inserted.
    assert.match(outside[j], allowed, `inserted ${JSON.stringify(outside[j])} at ${j} outside the new text: ${JSON.stringify(outside.slice(Math.max(0, j - 30), j + 30))}`);
  }
  assert.equal(i, before.length, `original bytes lost from offset ${i}: ${JSON.stringify(before.slice(i, i + 40))}`);
}

/** Asserts that a CRLF text stays CRLF (no lone \n) and an LF text gets no \r. */
export function assertSameLineEnds(before: string, after: string): void {
  if (before.includes('\r\n')) assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/, 'a lone LF in a CRLF file');
  else assert.ok(!after.includes('\r'), 'a CR in an LF file');
}

/** Asserts `after` is `before` with one contiguous insertion, and returns the inserted text. */
export function singleInsertion(before: string, after: string): string {
  let p = 0;
  while (p < before.length && before[p] === after[p]) p++;
  const d = after.length - before.length;
  assert.ok(d > 0, 'something was inserted');
  assert.equal(after.slice(p + d), before.slice(p), 'one contiguous insertion, every other byte kept');
  return after.slice(p, p + d);
}
