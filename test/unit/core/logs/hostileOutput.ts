// What a container prints that a log panel has to survive (issue 17): one
// line of a megabyte with no newline, and a hundred thousand lines full of
// terminal escapes; cut into chunks at arbitrary byte positions (mid-UTF-8,
// mid-escape) with a fixed seed. Shared by the unit tests and `npm run bench`.

/** A Docker-style stamp for line `i` (distinct, increasing). */
export function stamp(i: number): string {
  return `2026-11-23T18:${String(37 + Math.floor(i / 60e6) % 20).padStart(2, '0')}:${String(Math.floor(i / 1e6) % 60).padStart(2, '0')}.${String(i % 1e6).padStart(6, '0')}000Z`;
}

const escapes = ['\x1b[38;5;196m', '\x1b[0m', '\x1b[1;31m', '\x1b[32m', '\x1b[48;2;10;20;30m', '\x1b[2K', '\x1b[1A', '\x1b[?25l', '\x1b]0;title\x07', '\x1b[K'];
const words = ['scored', 'request', 'café', 'Größe', '😀', 'batch', '→', 'rows', 'ms', '日本'];

/** Line `i` of the ANSI flood: what a program writes, and the text once its escapes are gone. */
export function ansiLine(i: number): { raw: string; text: string } {
  let raw = '\x1b[32m2026-11-23 18:37:45,091 | root | INFO\x1b[0m | ';
  let text = '2026-11-23 18:37:45,091 | root | INFO | ';
  for (let k = 0; k < 12; k++) {
    const w = `${words[(i + k) % words.length]}${k}`;
    raw += `${escapes[(i * 7 + k) % escapes.length]}${w} `;
    text += `${w} `;
  }
  // An escape the program never finished, at the end of the line.
  if (i % 5 === 0) raw += '\x1b[';
  return { raw: `${raw}\x1b[0m`, text };
}

/** `n` ANSI lines, stamped as `docker logs -t` sends them. */
export function ansiFlood(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${stamp(i)} ${ansiLine(i).raw}\n`);
  return out.join('');
}

/** A line of about `bytes` UTF-8 bytes with no newline: JSON-ish text, multi-byte characters and colours. */
export function hugeLine(bytes: number): { raw: string; text: string } {
  const raw: string[] = [];
  const text: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const word = `"k${i}": "${words[i % words.length]}", `;
    const esc = i % 3 === 0 ? escapes[i % escapes.length] : '';
    raw.push(esc + word);
    text.push(word);
    size += Buffer.byteLength(esc + word);
  }
  return { raw: raw.join(''), text: text.join('') };
}

/** The bytes of `text` cut into pieces of 1..max bytes, pseudo-random from `seed`. */
export function chunksOf(text: string, seed: number, max: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648), s);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + (rand() % max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}
