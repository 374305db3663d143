// A minimal ustar writer for Docker build contexts: regular files only, fixed
// mtime and owner so the same files give the same bytes (Docker's build cache
// hashes COPY sources by content and mode, but stable bytes keep it simple).

/** One file to put in the archive. */
export interface TarEntry {
  /** Relative path with `/` separators. */
  path: string;
  data: Uint8Array;
  /** Unix mode bits; 0o644 by default. */
  mode?: number;
}

const BLOCK = 512;

/** The archive bytes for `entries`; throws on a path ustar cannot hold. */
export function tarArchive(entries: readonly TarEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const e of entries) {
    chunks.push(header(e));
    chunks.push(e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) chunks.push(new Uint8Array(pad));
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function header(e: TarEntry): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const enc = new TextEncoder();
  const full = enc.encode(e.path);
  let name = full;
  let prefix = new Uint8Array(0);
  if (full.length > 100) {
    // Split at a `/` so that the prefix (<= 155) and the name (<= 100) both fit.
    let cut = -1;
    for (let i = full.length - 1; i >= 0; i--) {
      if (full[i] === 0x2f && i <= 155 && full.length - i - 1 <= 100) {
        cut = i;
        break;
      }
    }
    if (cut < 0) throw new Error(`The path "${e.path}" is too long for the build context.`);
    prefix = full.slice(0, cut);
    name = full.slice(cut + 1);
  }
  h.set(name, 0);
  writeOctal(h, 100, 8, e.mode ?? 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, e.data.length);
  writeOctal(h, 136, 12, 0);
  h.fill(0x20, 148, 156);
  h[156] = 0x30; // regular file
  h.set(enc.encode('ustar\u000000'), 257);
  h.set(prefix, 345);
  let sum = 0;
  for (const b of h) sum += b;
  writeOctal(h, 148, 7, sum);
  h[155] = 0x20;
  return h;
}

function writeOctal(h: Uint8Array, offset: number, width: number, value: number): void {
  const s = value.toString(8).padStart(width - 1, '0');
  if (s.length > width - 1) throw new Error('A file is too large for the build context.');
  for (let i = 0; i < s.length; i++) h[offset + i] = s.charCodeAt(i);
  h[offset + width - 1] = 0;
}
