// Folds the JSON lines of Docker's pull stream (POST /images/create) into
// what a person wants to see: layers done of layers, bytes downloaded of
// bytes known. One object per pull; feed it every parsed line.

/** One line of Docker's pull stream, as parsed from JSON. */
export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Where a pull stands. */
export interface PullSnapshot {
  /** Layers present (already there, or downloaded and extracted). */
  layersDone: number;
  /** Layers the image has, as far as the stream has said. */
  layersTotal: number;
  /** Bytes downloaded so far (layers already present count for nothing). */
  bytesDone: number;
  /** Sum of the sizes of the layers being downloaded, as far as known. */
  bytesTotal: number;
  /** The last status line that was not about one layer ("Digest: ...", "Status: ..."). */
  status?: string;
}

interface Layer {
  done: boolean;
  current: number;
  total: number;
}

const DONE = new Set(['Already exists', 'Pull complete']);

export class PullProgress {
  private readonly layers = new Map<string, Layer>();
  private status?: string;
  /** The error the stream ended with, if any. */
  error?: string;

  /** Takes one event of the stream. */
  add(event: PullEvent): void {
    if (event.error || event.errorDetail?.message) {
      this.error = (event.errorDetail?.message ?? event.error ?? '').trim();
      return;
    }
    const status = event.status ?? '';
    // "Pulling from <repo>" carries the tag as its id, not a layer.
    if (!event.id || status.startsWith('Pulling from') || status.startsWith('Digest:') || status.startsWith('Status:')) {
      if (status) this.status = status;
      return;
    }
    const layer = this.layers.get(event.id) ?? { done: false, current: 0, total: 0 };
    this.layers.set(event.id, layer);
    if (DONE.has(status)) layer.done = true;
    if (status === 'Downloading') {
      layer.current = event.progressDetail?.current ?? layer.current;
      layer.total = event.progressDetail?.total ?? layer.total;
    } else if (status === 'Download complete' || status === 'Verifying Checksum' || status === 'Extracting') {
      // Small layers skip "Downloading": their size is unknown, and counts as done once downloaded.
      if (layer.total) layer.current = layer.total;
    }
  }

  /** Takes a chunk of raw stream text (newline-separated JSON); returns what was left incomplete. */
  addText(text: string): string {
    const lines = text.split('\n');
    const rest = lines.pop() ?? '';
    for (const line of lines) {
      const t = line.trim();
      if (!t) continue;
      try {
        this.add(JSON.parse(t) as PullEvent);
      } catch {
        // Not JSON: the engine only writes JSON lines here; skip noise.
      }
    }
    return rest;
  }

  snapshot(): PullSnapshot {
    let layersDone = 0;
    let bytesDone = 0;
    let bytesTotal = 0;
    for (const l of this.layers.values()) {
      if (l.done) layersDone += 1;
      bytesDone += l.current;
      bytesTotal += l.total;
    }
    return { layersDone, layersTotal: this.layers.size, bytesDone, bytesTotal, status: this.status };
  }
}

/** "12.3 MB" (decimal units, as Docker prints them). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
