// The debugger bootstrap mounted into a debug container: a sitecustomize.py
// that makes the inference server's master process listen for debugpy and
// wait for the client before forking the workers that run init(), so the
// user's score.py is never edited. Written once per content to a temp folder,
// with the debugpy the extension carries (dist/python, from
// scripts/setup/debugpy.sh) beside it for images that have none.
//
// Why this and not the server's own AZUREML_DEBUG_PORT hook: with it each
// worker debugpy.connect()s out to a debugger listening on 127.0.0.1 inside
// the container, so something would have to listen there and carry every
// connection to the adapter outside; the real gunicorn/run pip-installs
// debugpy when the variable is set (offline: exit 94); and the workers would
// be unrelated sessions, not children of one. Armed in the master instead,
// debugpy listens on one published port, holds the server until the editor
// attaches (a breakpoint in init() is set before init() runs), and follows
// each forked worker as a child session of it.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Container folder the bootstrap is mounted at (put on PYTHONPATH). */
export const BOOTSTRAP_MOUNT = '/var/azureml-debug';
/** Environment variable that arms the bootstrap: "host:port" to listen on. */
export const LISTEN_ENV = 'AZUREML_DEBUGPY_LISTEN';
/** Folder of the bootstrap holding the carried debugpy (appended to sys.path only when the image has none). */
export const CARRIED_LIB = 'lib';
/** Environment variable naming the server programs to arm, comma-separated (default SERVER_NAMES). */
export const MATCH_ENV = 'AZUREML_DEBUGPY_MATCH';
/**
 * Programs that are an inference server: `azmlinfsrv` (every current Azure ML
 * image), `python -m azureml_inference_server_http...`, and a plain gunicorn
 * (v1 images, where gunicorn/run runs gunicorn itself).
 */
export const SERVER_NAMES = ['azmlinfsrv', 'azureml_inference_server_http', 'gunicorn'];

// Runs in every Python process of the container; it acts only in the first
// that is the inference server (see SERVER_NAMES), and removes the variable so
// that debugpy's own adapter subprocess and the forked workers do not run it
// again. The server is found by its program, not by a word anywhere in argv:
// under runit, gunicorn/run also runs `python -m pip freeze` first, and
// azmlinfsrv runs gunicorn inside its own process, so argv says `azmlinfsrv`.
const SITECUSTOMIZE = `# Added by the Azure ML Deployment Debugger (not part of your app).
import os
import sys


def _azureml_debug_program(argv):
    """The program a Python command line runs: a script's name, or the module of -m."""
    args = list(argv[1:])
    while args and args[0].startswith("-") and args[0] != "-m":
        option = args.pop(0)
        if option == "-c":
            return ""
        if option in ("-X", "-W") and args:
            args.pop(0)
    if args[:1] == ["-m"]:
        args = args[1:]
    return os.path.basename(args[0]).split(".")[0] if args else ""


def _azureml_debug_import():
    # The image's own debugpy first: the user chose it (the seeds' conda file
    # lists it) and it matches their Python. Only where there is none does the
    # extension's copy come in, appended last so it shadows nothing of theirs.
    # Being on sys.path it is also what the forked workers and debugpy's own
    # adapter process (started with this interpreter) import.
    try:
        import debugpy
        return debugpy, "from the image"
    except ImportError:
        pass
    carried = os.path.join(os.path.dirname(os.path.abspath(__file__)), "${CARRIED_LIB}")
    if not os.path.isdir(os.path.join(carried, "debugpy")):
        raise ImportError("the image has no debugpy and the extension carries none")
    sys.path.append(carried)
    import debugpy
    return debugpy, "carried by the extension"


def _azureml_debug_bootstrap():
    listen = os.environ.get("${LISTEN_ENV}", "")
    names = os.environ.get("${MATCH_ENV}", "${SERVER_NAMES.join(',')}").split(",")
    argv = getattr(sys, "orig_argv", None) or [sys.executable] + list(sys.argv)
    if not listen or _azureml_debug_program(argv) not in names:
        return
    del os.environ["${LISTEN_ENV}"]
    host, _, port = listen.rpartition(":")
    try:
        debugpy, origin = _azureml_debug_import()
        debugpy.listen((host or "0.0.0.0", int(port)))
    except Exception as err:
        print("azureml-debug: the debugger could not start: %r" % (err,), file=sys.stderr, flush=True)
        return
    print("azureml-debug: debugpy %s (%s) listens on %s, waiting for the debugger before the server starts"
          % (getattr(debugpy, "__version__", "?"), origin, listen), file=sys.stderr, flush=True)
    debugpy.wait_for_client()


_azureml_debug_bootstrap()
del _azureml_debug_bootstrap
`;

/**
 * The debugpy the extension carries: dist/python beside the bundle that runs
 * this (dist/docker.js, dist/debugAdapter.js), or the checkout's dist/python
 * when the tests run the compiled sources (out/src/docker/client).
 */
export function carriedDebugpy(): string | undefined {
  return [join(__dirname, 'python'), join(__dirname, '..', '..', '..', '..', 'dist', 'python')].find((dir) =>
    existsSync(join(dir, 'debugpy', '__init__.py')),
  );
}

/**
 * Writes the bootstrap and a copy of the carried debugpy to a folder of its
 * own and returns that folder (host path). A copy in the temp folder, not a
 * mount of the extension's own folder: the image's non-root user must read
 * it, and an extension installed under a 0700 home would be out of its reach.
 */
export function ensureBootstrapFolder(root = tmpdir(), carried = carriedDebugpy()): string {
  const version = carried ? readFileSync(join(carried, 'VERSION'), 'utf8').trim() : 'none';
  const hash = createHash('sha256').update(SITECUSTOMIZE).update(version).digest('hex').slice(0, 12);
  const dir = join(root, `azureml-debug-bootstrap-${hash}`);
  const file = join(dir, 'sitecustomize.py');
  if (existsSync(file)) return dir;
  // Made in a folder of this process's own, then renamed into place, so a
  // concurrent session never mounts half of it.
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true, mode: 0o755 });
  writeFileSync(join(temp, 'sitecustomize.py'), SITECUSTOMIZE, { mode: 0o644 });
  if (carried) cpSync(join(carried, 'debugpy'), join(temp, CARRIED_LIB, 'debugpy'), { recursive: true });
  readableToAll(temp);
  try {
    renameSync(temp, dir);
  } catch (err) {
    // Another session put the same folder in place first.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(file)) throw err;
  }
  return dir;
}

/** a+rX over a tree: modes given at creation are cut by the user's umask (077 leaves the image's user out). */
function readableToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) readableToAll(p);
    else chmodSync(p, 0o644);
  }
}
