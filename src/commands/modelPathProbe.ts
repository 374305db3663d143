// "Probe model path", one flow for every runtime: the seeds' model-path check
// (core/crash/modelPathProbe: two fixed commands, names passed as arguments)
// run in a container through the runtime's exec, its report opened as a
// Markdown document. A Docker container and a pod differ only in `exec`.
import * as vscode from 'vscode';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, PROBE_COMMAND, referencedNames } from '../core/crash/modelPathProbe';
import { Strings } from '../platform/localize';

/** Runs a command (an argument array, never a shell line) in the container. */
export type ExecIn = (command: readonly string[]) => Promise<{ stdout: string }>;

/**
 * Runs the probe in `name`'s container; returns the report (undefined when it
 * could not run, after saying why). `redact` keeps a connection's secrets out
 * of the error shown.
 */
export async function probeModelPathIn(name: string, exec: ExecIn, open: boolean, redact: (text: string) => string = (t) => t): Promise<string | undefined> {
  try {
    const facts = parseProbe((await exec(PROBE_COMMAND)).stdout);
    const names = referencedNames(facts.references);
    const paths = candidatePaths(facts, names);
    const step2 = paths.length ? await exec(existsCommand(paths)) : { stdout: '' };
    const report = probeReport(name, facts, names, parseExists(step2.stdout));
    if (open) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: report }), { preview: true });
    return report;
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.crash.probeFailed(name, redact((err as Error).message)));
    return undefined;
  }
}
