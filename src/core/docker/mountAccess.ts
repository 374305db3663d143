// Whether a container's user can read a bind-mounted app folder, from plain
// stat data (mode, owner, group of the folder and the files the server reads)
// and the image's user, and the same finding read back from a container's
// log when it died of it (runsvdir's "unable to open current directory:
// access denied", Python's PermissionError). Used before starting a local
// deployment or a debug container, and after one died.

/** One path the container must reach, as `fs.statSync` reports it on the host. */
export interface PathStat {
  /** Host path, for the message. */
  path: string;
  mode: number;
  uid: number;
  gid: number;
  isDirectory: boolean;
}

/** The container's user: the image's `Config.User` as written, with the ids when they are known. */
export interface ContainerUser {
  /** `dockeruser`, `1000`, `1000:1000`, '' (root). */
  user: string;
  uid?: number;
  gid?: number;
  /** Supplementary groups. */
  groups?: number[];
}

/** What the check found. */
export type MountAccess =
  | { ok: true }
  | {
      ok: false;
      /** The first path the user cannot reach. */
      path: string;
      /** What is missing: entering (x) and listing (r) a folder, or reading a file. */
      need: 'enter' | 'read';
      /** The container's user, for the message. */
      user: string;
      /** `User` for the container that would work: the host process's `uid:gid`. */
      runAs: string;
    };

/** The ids of a `Config.User` value when it is numeric (`1000`, `1000:1000`); names stay unknown. */
export function parseUser(user: string): ContainerUser {
  const [u, g] = user.trim().split(':');
  const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
  if (u === undefined || u === '' || u === 'root') return { user, uid: 0, gid: num(g) ?? 0 };
  return { user, uid: num(u), gid: num(g) };
}

/** True when the user is root (uid 0, an empty `User`, or `root`). */
export function isRootUser(user: ContainerUser): boolean {
  return user.uid === 0;
}

function bits(stat: PathStat, who: ContainerUser): number {
  // An unknown uid (a user name the image defines) can only be "others" unless it is the owner: that is unknowable, so others.
  if (who.uid !== undefined && stat.uid === who.uid) return (stat.mode >> 6) & 7;
  const groups = [who.gid, ...(who.groups ?? [])].filter((g): g is number => g !== undefined);
  if (groups.includes(stat.gid)) return (stat.mode >> 3) & 7;
  return stat.mode & 7;
}

/**
 * Checks that `who` can enter and list every folder and read every file of
 * `chain` (the mounted folder first, then what the server opens in it: the
 * folders on the way to the entry script and the script). The host folders
 * above the mount do not count: the daemon resolves the mount source, and the
 * container starts inside it. Root passes (it bypasses permission bits).
 * `host` is the host process's ids, offered as the container's `User`.
 */
export function mountAccess(chain: readonly PathStat[], who: ContainerUser, host: { uid: number; gid: number }): MountAccess {
  if (isRootUser(who)) return { ok: true };
  for (const stat of chain) {
    const have = bits(stat, who);
    const need = stat.isDirectory ? 5 : 4;
    if ((have & need) !== need) return { ok: false, path: stat.path, need: stat.isDirectory ? 'enter' : 'read', user: who.user || 'root', runAs: `${host.uid}:${host.gid}` };
  }
  return { ok: true };
}

/** The mode a path needs so that others can reach it (`o+rx` for a folder, `o+r` for a file). */
export function readableMode(stat: PathStat): number {
  return stat.mode | (stat.isDirectory ? 0o055 : 0o044);
}

/** runsvdir's line when its working directory (the mounted app folder) cannot be opened. */
const RUNSVDIR_DENIED = /unable to open current directory: access denied/;
const PERMISSION_ERROR = /PermissionError: \[Errno 13\] Permission denied: '([^']+)'/;

/**
 * The access problem a dead container's last lines show, or undefined:
 * runsvdir failing on its working directory (the app folder itself), or a
 * PermissionError on a file under `appRoot`.
 */
export function accessDeniedIn(lines: readonly string[], appRoot: string): { path: string } | undefined {
  for (const line of lines) if (RUNSVDIR_DENIED.test(line)) return { path: appRoot };
  for (const line of lines) {
    const m = PERMISSION_ERROR.exec(line);
    if (m && (m[1] === appRoot || m[1].startsWith(`${appRoot}/`))) return { path: m[1] };
  }
  return undefined;
}
