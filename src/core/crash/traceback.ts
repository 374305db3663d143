// Finds Python tracebacks in cleaned log lines, chained ones ("During handling
// of the above exception...", "The above exception was the direct cause...")
// kept together, and skips lines other workers interleave into them. Also
// says which frames are the user's code and which are the inference server's.
import type { LogLine } from '../logs/logicalLines';
import { exceptionOf, isChainLine, parseFrame, tracebackStart } from '../logs/tracebackLines';
import { isServerPath } from '../model/appRoot';

/** One `File "...", line N, in f` frame. */
export interface Frame {
  path: string;
  line: number;
  /** Function name; absent for the pseudo-frame of a SyntaxError. */
  func?: string;
  /** The source line printed under the frame, trimmed. */
  code?: string;
}

/** One traceback: its frames (outermost first) and the exception it ends with. */
export interface TracebackSection {
  frames: Frame[];
  exceptionType: string;
  /** First line of the exception's message (may be empty). */
  exceptionMessage: string;
  /** Further lines of a multi-line message. */
  messageMore: string[];
}

/** Tracebacks printed as one chain; the last section is what was finally raised. */
export interface TracebackChain {
  sections: TracebackSection[];
  /** Index in the lines of the first `Traceback` line. */
  start: number;
  /** Index after the last line of the chain. */
  end: number;
}

// Lines another worker may interleave before the exception line; past this we give up.
const maxForeign = 40;

function isIndented(text: string): boolean {
  return text.startsWith(' ') || text.startsWith('\t');
}

/** Parses one section starting at the `Traceback` line `i`; returns it and the index after it. */
function parseSection(lines: LogLine[], i: number): { section?: TracebackSection; next: number } {
  const frames: Frame[] = [];
  let foreign = 0;
  let j = i + 1;
  for (; j < lines.length; j++) {
    const { text, record } = lines[j];
    const frame = parseFrame(text);
    if (frame) {
      frames.push({ path: frame.path, line: frame.line, func: frame.func?.trim() });
      foreign = 0;
      continue;
    }
    if (text.trim() === '') {
      if (++foreign > maxForeign) break;
      continue;
    }
    if (isIndented(text) && !record) {
      // Source line or caret marks under a frame; keep the first source line.
      const last = frames[frames.length - 1];
      const t = text.trim();
      if (last && last.code === undefined && !/^[~^\s]+$/.test(t)) last.code = t;
      continue;
    }
    const ex = !record ? exceptionOf(text) : undefined;
    if (ex && frames.length > 0) {
      const messageMore: string[] = [];
      let k = j + 1;
      // Multi-line messages: following plain lines until a blank line or a new record. A bare
      // `TimeoutError` (no colon) has no message at all: the line after it is someone else's.
      while (text.includes(':') && k < lines.length && messageMore.length < 20) {
        const l = lines[k];
        if (l.record || l.text.trim() === '' || l.text.includes(tracebackStart) || isChainLine(l.text)) break;
        messageMore.push(l.text);
        k++;
      }
      return { section: { frames, exceptionType: ex.type, exceptionMessage: ex.message.trim(), messageMore }, next: k };
    }
    // A line from another worker or process: skip it, within reason.
    if (++foreign > maxForeign) break;
  }
  return { next: j };
}

/** All traceback chains in the lines, in order. */
export function findTracebacks(lines: LogLine[]): TracebackChain[] {
  const chains: TracebackChain[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].text.includes(tracebackStart)) {
      i++;
      continue;
    }
    const start = i;
    const sections: TracebackSection[] = [];
    let { section, next } = parseSection(lines, i);
    while (section) {
      sections.push(section);
      // A chained section follows: blank lines, the chain sentence, blank lines, `Traceback`.
      let k = next;
      while (k < lines.length && lines[k].text.trim() === '') k++;
      if (k >= lines.length || !isChainLine(lines[k].text)) break;
      k++;
      while (k < lines.length && lines[k].text.trim() === '') k++;
      if (k >= lines.length || !lines[k].text.includes(tracebackStart)) break;
      ({ section, next } = parseSection(lines, k));
    }
    if (sections.length) chains.push({ sections, start, end: next });
    i = Math.max(next, i + 1);
  }
  return chains;
}

/** Paths that are the inference server's, not the user's, under the app root. */
export interface AppPaths {
  /** Where the user's files live in the container; default `/var/azureml-app/`. */
  appRoot: string;
}

function rootOf(paths: AppPaths): string {
  return paths.appRoot.endsWith('/') ? paths.appRoot : `${paths.appRoot}/`;
}

/** True for a frame in the user's code (under the app root, not the server's `main.py`). */
export function isUserFrame(frame: Frame, paths: AppPaths): boolean {
  const root = rootOf(paths);
  if (!frame.path.startsWith(root)) return false;
  const rel = frame.path.slice(root.length);
  return !isServerPath(frame.path, root) && !rel.includes('site-packages/') && !rel.startsWith('azureml-models/');
}

/** True for a frame of the inference server (v1 `/var/azureml-server`, `main.py`, azmlinfsrv). */
export function isServerFrame(frame: Frame, paths: AppPaths): boolean {
  return isServerPath(frame.path, rootOf(paths));
}

/** The deepest user frame of a section, if any. */
export function deepestUserFrame(section: TracebackSection, paths: AppPaths): Frame | undefined {
  for (let i = section.frames.length - 1; i >= 0; i--) {
    if (isUserFrame(section.frames[i], paths)) return section.frames[i];
  }
  return undefined;
}

/** The section that explains a chain: the last one that reaches user code, else the last. */
export function causeSection(chain: TracebackChain, paths: AppPaths): TracebackSection {
  for (let i = chain.sections.length - 1; i >= 0; i--) {
    if (deepestUserFrame(chain.sections[i], paths)) return chain.sections[i];
  }
  return chain.sections[chain.sections.length - 1];
}

/**
 * The exception's message in one line. Some exceptions (azureml-core's) print
 * `Type: Type:` and put the text on the next lines as `Message: ...`.
 */
export function exceptionSummary(section: TracebackSection): string {
  const first = section.exceptionMessage;
  const base = section.exceptionType.split('.').pop() ?? '';
  if (first && first.replace(/:$/, '') !== base) return first;
  for (const l of section.messageMore) {
    const t = l.trim().replace(/^Message:\s*/, '');
    if (t) return t;
  }
  return first;
}

/** The exception as Python prints it: `Type: message`. */
export function exceptionText(section: TracebackSection): string {
  const message = exceptionSummary(section);
  return message ? `${section.exceptionType}: ${message}` : section.exceptionType;
}
