// Tells the user how a local deployment step ended: running at its URL, the
// crash (exit code, last lines, logs left in the panel; a source folder its
// user could not read, in words), a build failure with its kept log, a bad
// input file opened at the problem, a folder the image's user cannot read
// (with the two fixes), or a cancellation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../../core/crash/crashCauses';
import { failedInstallIn } from '../../core/deploy/deployEnvironment';
import type { DeployOutcome, HealthResult, UnreadableSourceError } from '../../docker/client/index';
import { DOCKER_CONNECTION_ID } from '../../docker/dockerConnection';
import { findingMessage } from '../../platform/findingWording';
import { Strings } from '../../platform/localize';
import { pullFailureMessage } from '../../platform/pullText';
import type { PullFailure } from '../../core/docker/imagePull/pullFailure';
import type { Workbench } from '../../workbench';
import type { BuildLog } from './buildLog';
import { verbsOf } from '../../connections';
import { maskSecretsInText } from '../../core/model/secrets';

/** Shows the container's logs in the panel once the tree knows the container. */
export async function showContainerLogs(services: Workbench, containerId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const record = services.model.get(DOCKER_CONNECTION_ID, containerId);
    if (record) return void services.logs.show(verbsOf(services, record).logSource(record));
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reports a health result after deploy, update or reload. */
export async function reportHealth(services: Workbench, service: string, containerId: string, port: number, health: HealthResult, done: string): Promise<void> {
  if (health.ok) {
    void vscode.window.showInformationMessage(`${done} ${Strings.deploy.running(port)}`);
    return;
  }
  await showContainerLogs(services, containerId);
  const tail = health.lastLines.slice(-6).join('\n');
  if (health.reason === 'crashed' && health.unreadable) {
    // Instead of runsvdir's one line ("unable to open current directory: access denied"): what it means and what to do.
    const folder = services.model.get(DOCKER_CONNECTION_ID, containerId)?.labels['com.azureml-debug.source'] ?? health.unreadable.path;
    void vscode.window.showErrorMessage(Strings.deploy.crashedUnreadable(service, health.unreadable.path, folder));
  } else if (health.reason === 'crashed') {
    // The cause in one line when the log shows it (init()'s exception), else the last lines.
    const cause = analyze({ logs: health.lastLines.join('\n'), exitCode: health.exitCode })[0];
    void vscode.window.showErrorMessage(Strings.deploy.crashed(service, health.exitCode, cause ? findingMessage(cause) : tail));
  }
  else if (health.reason === 'timeout') void vscode.window.showWarningMessage(Strings.deploy.notHealthy(service, tail));
  else void vscode.window.showWarningMessage(Strings.deploy.cancelledWaiting(service));
}

/** Reports a finished deploy or update. */
export async function reportOutcome(services: Workbench, out: DeployOutcome, update: boolean): Promise<void> {
  services.log.info(`local deploy ${out.service} v${out.version}: image ${out.imageId.slice(7, 19)}, port ${out.port}, changed [${out.changed.join(', ')}], cached steps ${out.build.cachedSteps.length}, ran ${out.build.ranSteps.length}`);
  if (out.portTaken) void vscode.window.showInformationMessage(Strings.deploy.portTaken(out.portTaken, out.port));
  for (const w of out.environment.warnings) void vscode.window.showWarningMessage(w);
  if (out.slowStart) {
    const { tookMs, budgetMs, probe } = out.slowStart;
    void vscode.window.showWarningMessage(Strings.deploy.slowStart(out.service, tookMs / 1000, budgetMs / 1000, probe.initialDelay, probe.period, probe.failureThreshold));
  }
  const done = update ? Strings.deploy.updated(out.service, out.version, out.changed.join(', ') || Strings.deploy.nothing()) : Strings.deploy.deployed(out.service);
  await reportHealth(services, out.service, out.containerId, out.port, out.health, done);
}

/** How a deploy or update is run again with a fix the user picked. */
export type RetryWithFix = (fix: { runAs: string } | { readable: true }) => void;

/** Reports a failure of deploy or update; build failures keep their log in a file. */
export function reportFailure(services: Workbench, err: unknown, build: BuildLog | undefined, retry?: RetryWithFix): void {
  const e = err as Error & { log?: string; cancelled?: boolean; file?: string; line?: number; column?: number; name: string; failure?: PullFailure };
  if (e.cancelled) {
    void vscode.window.showInformationMessage(Strings.deploy.cancelled());
    return;
  }
  if (e.name === 'UnreadableSourceError') {
    const { finding } = err as UnreadableSourceError;
    const runAs = Strings.deploy.runAsMe(finding.runAs);
    const readable = Strings.deploy.makeReadable();
    // Not awaited: the command returns now; a picked fix runs the deploy again.
    void vscode.window.showErrorMessage(Strings.deploy.unreadableSource(finding.user, finding.path, finding.runAs), ...(retry ? [runAs, readable] : [])).then((answer) => {
      if (answer === runAs) retry?.({ runAs: finding.runAs });
      else if (answer === readable) retry?.({ readable: true });
    });
    return;
  }
  if (e.name === 'ImagePullError' && e.failure) {
    void vscode.window.showErrorMessage(pullFailureMessage(e.failure));
    return;
  }
  if (e.name === 'DeployInputError') {
    const open = Strings.deploy.openFile();
    // Not awaited: a notification resolves only when dismissed, and the command must return now.
    void vscode.window.showErrorMessage(maskSecretsInText(e.message), ...(e.file ? [open] : [])).then(async (answer) => {
      if (answer !== open || !e.file) return;
      const doc = await vscode.workspace.openTextDocument(e.file);
      const pos = new vscode.Position(Math.max(0, (e.line ?? 1) - 1), Math.max(0, (e.column ?? 1) - 1));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    });
    return;
  }
  const log = e.log ?? build?.text();
  if (e.log !== undefined && log) {
    // The builder echoes each step (`ENV AZURE_CLIENT_SECRET=…`, a pip index URL with a token): kept masked.
    const file = saveBuildLog(services, maskSecretsInText(log));
    const install = failedInstallIn(log);
    const message = install ? Strings.deploy.installFailed(install) : Strings.deploy.buildFailed(e.message);
    const openLog = Strings.deploy.openBuildLog();
    void vscode.window.showErrorMessage(`${message} ${Strings.deploy.buildLogAt(file)}`, openLog).then(async (answer) => {
      if (answer === openLog) await vscode.window.showTextDocument(vscode.Uri.file(file));
    });
    return;
  }
  void vscode.window.showErrorMessage(Strings.deploy.failed(e.message));
}

/** Writes a failed build's log under the extension's storage and returns its path. */
function saveBuildLog(services: Workbench, log: string): string {
  const dir = path.join(services.context.globalStorageUri.fsPath, 'build-logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `build-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  fs.writeFileSync(file, log);
  return file;
}
