// Following a log Azure only gives as snapshots: getLogs answers the last N
// lines each time, so following it is polling, and each answer overlaps the
// lines already shown. This finds what is new in a snapshot (the longest run
// at its start that ends the lines seen, the rest is new) and tells a fresh
// log (the container restarted: nothing overlaps) from more output. Pure.

/** What a snapshot adds to the lines already seen. */
export interface SnapshotDelta {
  /** Lines not shown yet, in order. */
  lines: string[];
  /** Nothing of the snapshot continues what was seen: a new run of the container (or a gap longer than the tail). */
  restarted: boolean;
}

/** Lines of a getLogs `content` (a final newline ends the last line; CRLF read as LF). */
export function snapshotLines(content: string): string[] {
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The new lines of `snapshot` after `seen`: the longest prefix of the
 * snapshot that is a suffix of `seen` is skipped (the longest, so a repeated
 * line is not shown twice); with no overlap and lines seen before, the whole
 * snapshot is new and `restarted` is set.
 */
export function snapshotDelta(seen: readonly string[], snapshot: readonly string[]): SnapshotDelta {
  if (seen.length === 0) return { lines: [...snapshot], restarted: false };
  const max = Math.min(seen.length, snapshot.length);
  for (let k = max; k > 0; k--) {
    // Cheap test first: the overlap's first line is seen[seen.length - k].
    if (snapshot[0] !== seen[seen.length - k]) continue;
    let same = true;
    for (let i = 1; i < k && same; i++) same = snapshot[i] === seen[seen.length - k + i];
    if (same) return { lines: snapshot.slice(k), restarted: false };
  }
  return { lines: [...snapshot], restarted: snapshot.length > 0 };
}
