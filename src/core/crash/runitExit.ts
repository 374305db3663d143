// How the server's start script ended, as runit reports it in Azure ML
// inference images: `gunicorn/finish <code> <signal>`, then "Exit code N is
// not normal. Killing image." and runsvdir exits 111, so the container's own
// exit code (111) says nothing; the code the finish line names does.
import type { Finding } from './finding';
import { logLines, type LogLine } from '../logs/logicalLines';

/** What `gunicorn/run` means by each exit code of its own (the real script's codes). */
const startScriptExits: Record<number, Omit<Finding, 'reason' | 'detail'>> = {
  94: { code: 'missing-module', data: { phase: 'init', exitCode: 94, module: 'debugpy', package: 'debugpy' } },
  95: { code: 'init-failed', data: { phase: 'init', exitCode: 95 } },
  96: { code: 'missing-module', data: { phase: 'init', exitCode: 96, module: 'azureml_inference_server_http', package: 'azureml-inference-server-http' } },
  97: { code: 'init-failed', data: { phase: 'init', exitCode: 97, variable: 'AZUREML_EXTRA_PYTHON_LIB_PATH' } },
  98: { code: 'init-failed', data: { phase: 'init', exitCode: 98, variable: 'AZUREML_EXTRA_CONDA_YAML' } },
  99: { code: 'init-failed', data: { phase: 'init', exitCode: 99, variable: 'AZUREML_EXTRA_REQUIREMENTS_TXT' } },
};

/** The exit code of the server process from runit's lines (`gunicorn/finish 3 0`), last one wins. */
export function serverExitCode(lines: { text: string }[]): { code: number; index: number } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^gunicorn\/finish (-?\d+) \d+|^Exit code (-?\d+) is not normal\. Killing image\./.exec(lines[i].text);
    if (m) return { code: Number(m[1] ?? m[2]), index: i };
  }
  return undefined;
}

/**
 * The finding of a start-script exit (94-99), from runit's finish line or,
 * without one, the container's exit code. `lastWords`: the script's last line,
 * which says what it could not do. Other codes are the server's (3: init()
 * failed or a configuration error) and are explained by its own log.
 */
export function startScriptFinding(code: number | undefined, lastWords: string | undefined): Finding | undefined {
  const known = code !== undefined ? startScriptExits[code] : undefined;
  if (!known) return undefined;
  const evidence = lastWords?.trim() || `exit code ${code}`;
  return { ...known, reason: 'start-script', detail: evidence, data: { ...known.data, evidence } };
}

/** The start script's last words before runit's finish line: what it could not do. */
export function lastWordsBefore(lines: LogLine[], index: number): string | undefined {
  for (let i = index - 1; i >= 0 && i >= index - 40; i--) {
    const m = /^gunicorn\/run (.*\S)/.exec(lines[i].text);
    if (m) return m[1];
  }
  return undefined;
}

/** How a container ended, told by its server where runit says it. */
export interface ContainerEnd {
  /** The server's own exit code where runit's lines name it, else the container's. */
  exitCode: number | undefined;
  /** The container's own code when it differs (runsvdir's 111). */
  containerExitCode?: number;
  /** What a start-script exit (94-99) means, with the way out (worded by the glue). */
  cause?: Finding;
}

/**
 * Logical lines of a container's last output read for its end: runit's finish
 * line is among the last, the start script's last words within 40 lines
 * before it, and one progress bar's \r-ended updates can be millions.
 */
export const endLines = 1000;

/** The exit of a container from its code and its last lines of output. */
export function containerEnd(containerExitCode: number | undefined, output: readonly string[]): ContainerEnd {
  const lines = logLines(output.join('\n'), endLines);
  const exit = serverExitCode(lines);
  const exitCode = exit?.code ?? containerExitCode;
  const cause = startScriptFinding(exitCode, exit ? lastWordsBefore(lines, exit.index) : undefined);
  return {
    exitCode,
    ...(exitCode !== containerExitCode && containerExitCode !== undefined ? { containerExitCode } : {}),
    ...(cause ? { cause } : {}),
  };
}
