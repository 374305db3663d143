// Checks that re-run as the user types, once the typing pauses: one timer per
// document, so a burst of keystrokes in one file costs one check and other
// files keep their own.
import type * as vscode from 'vscode';

/** `later(doc)` runs `check(doc)` once `doc` has had no change for `ms`; disposing drops what is pending. */
export function debouncedPerDocument(check: (doc: vscode.TextDocument) => void, ms = 250): vscode.Disposable & { later(doc: vscode.TextDocument): void } {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    later(doc) {
      const key = doc.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => {
        timers.delete(key);
        check(doc);
      }, ms));
    },
    dispose() {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
