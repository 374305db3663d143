// A log buffer's state per stream (stdout, stderr): the decoder that turns
// its chunks into text, keeping a character split between chunks, the start
// of a line still waiting for its newline, and its traceback tracker.
import { TracebackTracker } from './tracebackLines';

export interface StreamState {
  // Decodes bytes in streaming mode, so a character split between chunks survives.
  decoder: TextDecoder;
  // The decoder has seen the stream's first bytes (and dropped a BOM there).
  started: boolean;
  // The decoder holds no part of a character: the last bytes it saw ended in ASCII.
  whole: boolean;
  // The start of a line whose newline has not arrived yet.
  carry: string;
  readonly tracker: TracebackTracker;
}

export const newStream = (): StreamState => ({ decoder: new TextDecoder('utf-8'), started: false, whole: true, carry: '', tracker: new TracebackTracker() });
const streaming: TextDecodeOptions = { stream: true };
// A chunk that ends in ASCII after one that did needs no streaming state; a
// decode without it takes a third of the time (a streaming TextDecoder goes
// through ICU). It keeps a BOM: past the stream's start one is text.
const wholeChunks = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of `bytes`, the next of a stream's chunks. */
export function decode(state: StreamState, bytes: Uint8Array): string {
  if (bytes.length === 0) return state.decoder.decode(bytes, streaming);
  const ascii = bytes[bytes.length - 1] < 0x80;
  if (state.started && state.whole && ascii) return wholeChunks.decode(bytes);
  state.started = true;
  state.whole = ascii;
  return state.decoder.decode(bytes, streaming);
}
