// Inserts into score.py the block that makes debugpy listen and wait for a
// client (the seeds' ptvsd snippet, modernised), and removes it again leaving
// the file byte-identical. Text in, text out; Python is scanned, not run.
import { l10n } from '../l10n';
import { pythonHeaderEnd } from './pythonHeader';
import { maxScriptChars, scriptTooLargeMessage } from './pythonKeywords';
import { detectEol, lineColumnAt } from './textFormat';

/** Where debugpy listens and how long score.py waits for a client (0: forever). */
export interface DebugHookOptions {
  host: string;
  port: number;
  timeoutSeconds: number;
}

/** First and last line of the block; removal looks for exactly these. */
export const HOOK_BEGIN = '# >>> azureml-debug: debugpy hook';
export const HOOK_END = '# <<< azureml-debug: debugpy hook';

/** New text and the 1-based line of the change, or why nothing changed. */
export type ScoreEditResult =
  | { text: string; changed: true; line: number }
  | { text: string; changed: false; reason: string; line?: number }
  | { error: string; line: number; column: number };

/** The hook's lines, without line endings. Throws RangeError on options that could not be written safely. */
export function debugHookLines(options: DebugHookOptions): string[] {
  const { host, port, timeoutSeconds } = options;
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new RangeError(l10n.t('Not a host name or address: {0}', host));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(l10n.t('Not a TCP port: {0}', port));
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw new RangeError(l10n.t('Not a timeout in seconds: {0}', timeoutSeconds));
  const where = `${host}:${port}`;
  const wait = timeoutSeconds === 0
    ? [
      `    print("debugpy listening on ${where}; waiting for a debugger to attach", flush=True)`,
      '    _azureml_debugpy.wait_for_client()',
    ]
    : [
      `    print("debugpy listening on ${where}; waiting up to ${timeoutSeconds} s for a debugger to attach", flush=True)`,
      `    _azureml_deadline = _azureml_time.monotonic() + ${timeoutSeconds}`,
      '    while not _azureml_debugpy.is_client_connected() and _azureml_time.monotonic() < _azureml_deadline:',
      '        _azureml_time.sleep(0.1)',
    ];
  return [
    `${HOOK_BEGIN} (added by Azure ML Deployment Debugger; remove it with "Remove Debug Hook from score.py")`,
    'try:',
    '    import time as _azureml_time',
    '    import debugpy as _azureml_debugpy',
    '',
    `    _azureml_debugpy.listen(("${host}", ${port}))`,
    ...wait,
    '    print("debugger attached" if _azureml_debugpy.is_client_connected() else "no debugger attached; scoring continues", flush=True)',
    'except Exception as _azureml_error:  # scoring must start even when the debugger cannot listen',
    '    print("debugpy hook inactive:", _azureml_error, flush=True)',
    HOOK_END,
  ];
}

/**
 * A call of debugpy.listen or ptvsd.enable_attach outside a comment. Lines
 * start where Python's do (after \n or \r): with `^` of a multiline pattern,
 * each U+2028 started one too, and the rest of the text up to a \n was read
 * from each, quadratic (12 s for 256 KB; issue 17).
 */
const ownListener = /(?:^|(?<=[\r\n]))[^#\r\n]*\b(debugpy\.listen|ptvsd\.enable_attach)\s*\(/;

/**
 * Inserts the hook after the module docstring and `from __future__` imports
 * (after a shebang/encoding header when there are none), once. A file that
 * already has the hook, or already calls debugpy.listen / ptvsd.enable_attach,
 * is left unchanged with the reason; one past `maxScriptChars` is not read.
 */
export function insertDebugHook(text: string, options: DebugHookOptions, fallbackEol = '\n'): ScoreEditResult {
  const lines = debugHookLines(options);
  if (text.length > maxScriptChars) return { error: scriptTooLargeMessage('score.py'), line: 1, column: 1 };
  const existing = findHook(text);
  if (existing) return { text, changed: false, reason: l10n.t('score.py already has the debug hook (line {0}).', existing.line), line: existing.line };
  const own = ownListener.exec(text);
  if (own) {
    const { line } = lineColumnAt(text, own.index);
    return { text, changed: false, reason: l10n.t('score.py already calls {0} (line {1}); no second listener was added.', own[1], line), line };
  }
  const eol = detectEol(text, fallbackEol);
  const at = pythonHeaderEnd(text);
  let insert: string;
  if (at > 0 && !text.slice(0, at).endsWith('\n')) {
    // The header ends the file with no line break: start a new line, and leave
    // the block without a final break so removal can tell what to take back.
    insert = eol + lines.join(eol);
  } else {
    insert = lines.join(eol) + eol;
  }
  const next = text.slice(0, at) + insert + text.slice(at);
  return { text: next, changed: true, line: findHook(next)?.line ?? 1 };
}

/** Removes the hook {@link insertDebugHook} added, giving back the file as it was before. */
export function removeDebugHook(text: string): ScoreEditResult {
  const hook = findHook(text);
  if (!hook) return { text, changed: false, reason: l10n.t('score.py has no debug hook to remove.') };
  const endAt = text.indexOf(HOOK_END, hook.start);
  if (endAt < 0) return { error: l10n.t('The debug hook\'s closing line "{0}" is missing; remove the block by hand.', HOOK_END), line: hook.line, column: 1 };
  let end = endAt + HOOK_END.length;
  let start = hook.start;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (text.startsWith('\n', end)) end += 1;
  else if (start > 0) {
    // Inserted at the end of a file with no final line break: take that break back too.
    start -= text.slice(0, start).endsWith('\r\n') ? 2 : 1;
  }
  return { text: text.slice(0, start) + text.slice(end), changed: true, line: hook.line };
}

/** Offset and 1-based line of the hook's first line, if the text has one. */
export function findHook(text: string): { start: number; line: number } | undefined {
  const m = new RegExp(`^${HOOK_BEGIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').exec(text);
  return m ? { start: m.index, line: lineColumnAt(text, m.index).line } : undefined;
}
