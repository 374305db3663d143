// Whether the Python Debugger (or anything else) provides the `debugpy` debug
// type: read from what installed extensions contribute, not from a list of
// ids, so a fork or a future split of the Python extensions counts too.
import * as vscode from 'vscode';
import { DEBUGPY_DEBUG_TYPE } from '../core/edits/attachConfig';

/** True when an installed extension contributes the `debugpy` debug type. */
export function pythonDebuggerInstalled(): boolean {
  return vscode.extensions.all.some((e) =>
    ((e.packageJSON as { contributes?: { debuggers?: { type?: string }[] } }).contributes?.debuggers ?? []).some((d) => d.type === DEBUGPY_DEBUG_TYPE),
  );
}
