// The debugger bootstrap mounted into a debug container: a sitecustomize.py
// that makes the inference server's master process listen for debugpy and
// wait for the client before forking the workers that run init(), so the
// user's score.py is never edited. Written once per content to a temp folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Container folder the bootstrap is mounted at (put on PYTHONPATH). */
export const BOOTSTRAP_MOUNT = '/var/azureml-debug';
/** Environment variable that arms the bootstrap: "host:port" to listen on. */
export const LISTEN_ENV = 'AZUREML_DEBUGPY_LISTEN';
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


def _azureml_debug_bootstrap():
    listen = os.environ.get("${LISTEN_ENV}", "")
    names = os.environ.get("${MATCH_ENV}", "${SERVER_NAMES.join(',')}").split(",")
    argv = getattr(sys, "orig_argv", None) or [sys.executable] + list(sys.argv)
    if not listen or _azureml_debug_program(argv) not in names:
        return
    del os.environ["${LISTEN_ENV}"]
    host, _, port = listen.rpartition(":")
    try:
        import debugpy
        debugpy.listen((host or "0.0.0.0", int(port)))
    except Exception as err:
        print("azureml-debug: the debugger could not start: %r" % (err,), file=sys.stderr, flush=True)
        return
    print("azureml-debug: debugpy listens on %s, waiting for the debugger before the server starts" % listen, file=sys.stderr, flush=True)
    debugpy.wait_for_client()


_azureml_debug_bootstrap()
del _azureml_debug_bootstrap
`;

/** Writes the bootstrap to a folder of its own and returns that folder (host path). */
export function ensureBootstrapFolder(root = tmpdir()): string {
  const hash = createHash('sha256').update(SITECUSTOMIZE).digest('hex').slice(0, 12);
  const dir = join(root, `azureml-debug-bootstrap-${hash}`);
  const file = join(dir, 'sitecustomize.py');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written then renamed, so a concurrent session never mounts half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, SITECUSTOMIZE, { mode: 0o644 });
    renameSync(temp, file);
  }
  return dir;
}
