// "Probe model path", one flow for every runtime: the seeds' model-path check
// (core/crash/modelPathProbe: two fixed commands, names passed as arguments)
// run in a container through the runtime's exec, its report opened as a
// read-only Markdown document. A Docker container and a pod differ only in `exec`.
import * as vscode from 'vscode';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, PROBE_COMMAND, referencedNames } from '../core/crash/modelPathProbe';
import { Strings } from '../platform/localize';

/** Reports are read-only documents of this scheme (closing one never asks to save it). */
const SCHEME = 'azureml-path-doctor';
const reports = new Map<string, string>();
let serial = 0;

/** Serves the reports; registered once, with the path doctor's command. */
export function registerReports(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => reports.get(uri.path) ?? '' }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === SCHEME) reports.delete(doc.uri.path);
    }),
  );
}

async function showReport(name: string, report: string): Promise<void> {
  const key = `/${++serial}/${name.replace(/\s*\(.*$/, '').replace(/[^\w.-]+/g, '-')}.md`;
  reports.set(key, report);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: key }));
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** Runs a command (an argument array, never a shell line) in the container. */
export type ExecIn = (command: readonly string[]) => Promise<{ stdout: string }>;

/**
 * Runs the probe in `name`'s container; returns the report (undefined when it
 * could not run, after saying why). `redact` keeps a connection's secrets out
 * of the report and the error shown.
 */
export async function probeModelPathIn(name: string, exec: ExecIn, open: boolean, redact: (text: string) => string = (t) => t, more: readonly string[] = []): Promise<string | undefined> {
  try {
    const facts = parseProbe((await exec(PROBE_COMMAND)).stdout);
    const names = referencedNames(facts.references);
    const paths = candidatePaths(facts, names);
    const step2 = paths.length ? await exec(existsCommand(paths)) : { stdout: '' };
    const report = probeReport(name, facts, names, parseExists(step2.stdout), more);
    // Container text (listings, the entry script's references): shown with the connection's secrets out.
    if (open) await showReport(name, redact(report));
    return report;
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.crash.probeFailed(name, redact((err as Error).message)));
    return undefined;
  }
}
