// Host facts for the mount check (src/core/docker/mountAccess.ts): stat data
// of what the server opens in a bind-mounted app folder, and this process's
// ids, offered as the container's `User`. Shared by Deploy Locally and Debug.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PathStat } from '../../core/docker/mountAccess';

/** The folder, the folders down to the entry script, and the script: those that exist. */
export function sourceChain(folder: string, entryScript: string): PathStat[] {
  const paths = [folder];
  for (const part of entryScript.split('/')) paths.push(path.join(paths[paths.length - 1], part));
  return paths.filter((p) => fs.existsSync(p)).map((p) => {
    const st = fs.statSync(p);
    return { path: p, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, isDirectory: st.isDirectory() };
  });
}

/** The ids of this process (0:0 where there are none, as on Windows). */
export function hostUser(): { uid: number; gid: number } {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}
