// Opens the workspace file behind a traceback frame such as
// `File "/var/azureml-app/score.py", line 16`: through the source's own path
// mappings when it has them, else by finding the file under the workspace
// folder that holds the entry script (what Azure ML copies to /var/azureml-app).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LogSource, PathMapping } from '../core/logs/logSource';
import { exists } from '../commands/textEdits';
import { APP_ROOT } from '../core/model/appRoot';


/** The container path relative to `root`, or undefined when outside it. */
export function relativeTo(containerPath: string, root: string): string | undefined {
  const r = root.endsWith('/') ? root : `${root}/`;
  return containerPath.startsWith(r) ? containerPath.slice(r.length) : undefined;
}

async function mappings(source: LogSource | undefined): Promise<readonly PathMapping[]> {
  try {
    return (await source?.pathMappings?.()) ?? [];
  } catch {
    return [];
  }
}

/**
 * The local file for a container path, or undefined. Several candidates in
 * the workspace (two deployments with a score.py each): the user picks.
 */
export async function resolveFrameFile(containerPath: string, source: LogSource | undefined): Promise<vscode.Uri | undefined> {
  for (const m of await mappings(source)) {
    const rel = relativeTo(containerPath, m.remoteRoot);
    if (rel === undefined) continue;
    const uri = vscode.Uri.file(path.join(m.localRoot, ...rel.split('/')));
    if (await exists(uri)) return uri;
  }
  const rel = relativeTo(containerPath, APP_ROOT);
  if (rel === undefined || rel.includes('..')) return undefined;
  const found = await vscode.workspace.findFiles(`**/${rel}`, '**/{node_modules,.git}/**', 20);
  if (found.length <= 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: containerPath },
  );
  return picked?.uri;
}

/** Opens `uri` with the cursor on 1-based `line`. */
export async function openAtLine(uri: vscode.Uri, line: number): Promise<void> {
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), preview: true, viewColumn: vscode.ViewColumn.One });
}
