// "Deploy Locally" and "Update": build the image from the folder's files with
// the build streamed to the log panel, run it on 127.0.0.1, wait for health,
// all in a notification that can be cancelled (a cancelled build leaves
// nothing behind). Update rebuilds only what changed and keeps the port.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WalkthroughContext } from '../../platform/contextKeys';
import { reached } from '../../platform/walkthroughProgress';
import type * as DockerBundle from '../../docker/client/index';
import { loadDocker } from '../../docker/lazy';
import { DeployLabels } from '../../core/deploy/deployPlan';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { BuildLog } from './buildLog';
import { deployTarget } from './deployTarget';
import { pickLocalService } from './pickLocalService';
import { reportFailure, reportOutcome, type RetryWithFix } from './report';
import { pullProgressMessage } from '../../platform/pullText';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { readTail } from '../../core/logs/readTail';
import { failureOf } from '../../core/crash/crashEvidence';
import { verbsOf } from '../../connections';
import { KeptLog } from '../../logs/keptLog';

/** Lines of a replaced crashed container kept for the user (what crash analysis reads of a tail). */
const KEPT_LINES = 2000;

/** What the commands return (for tests and other features). */
export interface DeployCommandResult {
  service: string;
  containerId: string;
  imageId: string;
  port: number;
  healthy: boolean;
  version: number;
  changed: string[];
  cachedSteps: string[];
  ranSteps: string[];
}

/** The Docker bundle (dockerode loads on first use). */
export function dockerBundle(services: Workbench): typeof DockerBundle {
  return loadDocker(path.join(services.context.extensionUri.fsPath, 'dist'));
}

/** Deploy/update settings from the user's configuration. */
export function deploySettings(services: Workbench): DockerBundle.DeploySettings {
  const s = services.settings;
  return { baseImage: s.deployBaseImage, providedPackages: s.deployProvidedPackages, port: s.deployPort, healthTimeoutMs: s.deployHealthTimeoutSeconds * 1000, behaveLikeAzure: s.deployBehaveLikeAzure };
}

async function run(
  services: Workbench,
  title: string,
  service: string,
  work: (bundle: typeof DockerBundle, hooks: DockerBundle.DeployHooks) => Promise<DockerBundle.DeployOutcome>,
  update: boolean,
  retry?: RetryWithFix,
): Promise<DeployCommandResult | undefined> {
  const docker = services.docker.client();
  if (!docker) return void vscode.window.showErrorMessage(Strings.dockerUnavailable());
  const build = new BuildLog(service, services.settings.deployBaseImage);
  let shown = false;
  try {
    const out = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return work(dockerBundle(services), {
          signal: abort.signal,
          progress: (message) => progress.report({ message }),
          // A missing base image is pulled first, in this same notification (Cancel stops the pull).
          pull: (p) => progress.report({ message: `${Strings.pull.title(services.settings.deployBaseImage)}: ${pullProgressMessage(p)}` }),
          output: (text) => {
            // The tab opens with the first output, so a deploy that fails before building opens none.
            if (!shown) {
              shown = true;
              services.logs.show(build);
            }
            build.append(text);
          },
        });
      },
    );
    build.finish();
    await reportOutcome(services, out, update);
    return {
      service: out.service,
      containerId: out.containerId,
      imageId: out.imageId,
      port: out.port,
      healthy: out.health.ok,
      version: out.version,
      changed: out.changed,
      cachedSteps: out.build.cachedSteps,
      ranSteps: out.build.ranSteps,
    };
  } catch (err) {
    build.finish();
    reportFailure(services, err, build, retry);
    return undefined;
  }
}

/** Runs a deploy or update again with the fix the user picked for an unreadable source folder. */
function retryWithFix(services: Workbench, sourceOf: () => string, again: (runAs: string | undefined) => Promise<unknown>): RetryWithFix {
  return (fix) => {
    if ('runAs' in fix) return void again(fix.runAs);
    try {
      const changed = dockerBundle(services).makeSourceReadable(sourceOf());
      if (changed.length) void vscode.window.showInformationMessage(Strings.deploy.madeReadable(changed.join(', ')));
    } catch (err) {
      return void vscode.window.showErrorMessage(Strings.deploy.failed((err as Error).message));
    }
    void again(undefined);
  };
}

/** Deploys a folder (from the Explorer, the tree's title bar or the palette). */
export async function deployLocalCommand(services: Workbench, uri?: vscode.Uri, options?: { service?: string; runAs?: string }): Promise<DeployCommandResult | undefined> {
  if (!requireTrust()) return undefined;
  const target = await deployTarget(uri instanceof vscode.Uri ? uri : undefined);
  if (!target) return undefined;
  // `runAs` (`uid:gid`): the container runs as that user, the fix offered for a folder the image's user cannot read.
  const settings = { ...deploySettings(services), runAs: options?.runAs };
  let service = options?.service;
  if (!service) {
    try {
      service = dockerBundle(services).defaultServiceName(dockerBundle(services).loadDeployment(target));
    } catch (err) {
      reportFailure(services, err, undefined);
      return undefined;
    }
  }
  const name = service;
  const retry = retryWithFix(services, () => target, (runAs) => deployLocalCommand(services, vscode.Uri.file(target), { service: name, runAs }));
  const result = await run(services, Strings.deploy.deploying(name), name, (b, hooks) => b.deployLocal(services.docker.client()!, target, name, settings, hooks), false, retry);
  if (result?.healthy) reached(WalkthroughContext.deployedLocally);
  return result;
}

/** Updates a local service from its files as they are now; `runAs` as for Deploy Locally. */
export async function updateCommand(services: Workbench, node?: ServiceTreeNode, runAs?: string): Promise<DeployCommandResult | undefined> {
  if (!requireTrust()) return undefined;
  const record = await pickLocalService(services, node);
  if (!record) return undefined;
  const settings = { ...deploySettings(services), runAs };
  const name = record.labels[DeployLabels.service] ?? record.name;
  const source = record.labels[DeployLabels.config] ?? record.labels[DeployLabels.source] ?? '';
  const again = (fix: string | undefined) => updateCommand(services, { type: 'service', connectionId: record.connectionId, serviceId: record.id } as ServiceTreeNode, fix);
  // Update removes the container: a crashed one's output is read first, down its log source, and kept in a tab.
  const kept = failureOf(record) ? await keepLog(services, record) : undefined;
  const result = await run(services, Strings.deploy.updating(name), name, (b, hooks) => b.updateLocal(services.docker.client()!, record.id, settings, hooks), true, retryWithFix(services, () => source, again));
  if (kept && !services.model.get(record.connectionId, record.id)) services.logs.show(kept, { background: true });
  return result;
}

/** The container's last lines as a log source of their own, or undefined when they cannot be read. */
async function keepLog(services: Workbench, record: ServiceRecord): Promise<KeptLog | undefined> {
  try {
    const entries = await readTail(verbsOf(services, record).logSource(record), { tail: KEPT_LINES });
    const ended = record.exitCode !== undefined ? Strings.deploy.keptExit(record.exitCode) : record.state;
    return new KeptLog(record.id, Strings.deploy.keptTitle(record.name, ended), entries, Strings.deploy.keptDescription(record.image));
  } catch (err) {
    services.log.warn(`update: the replaced container's output could not be kept: ${(err as Error).message}`);
    return undefined;
  }
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.deployLocal, (uri?: vscode.Uri, options?: { service?: string; runAs?: string }) => deployLocalCommand(services, uri, options)),
    vscode.commands.registerCommand(CommandIds.deployUpdate, (node?: ServiceTreeNode) => updateCommand(services, node)),
  );
}
