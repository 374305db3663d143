// Entry point: builds the long-lived services, then the log panel, the tree
// and the crash diagnostics, and hands each feature's register() what it
// needs. No feature logic lives here. Returns the tests' API (src/testApi.ts).
import * as vscode from 'vscode';
import { useTranslator } from './core/l10n';
import { Settings } from './platform/settings';
import { maskedLog } from './platform/maskedLog';
import type { Services } from './services';
import type { Workbench } from './workbench';
import type { TestApi } from './testApi';
import * as openSample from './commands/sample/openSample';
import * as servicesView from './views/servicesView';
import * as logPanel from './logs/logPanel';
import * as serviceCommands from './commands/service/index';
import { ServiceModel } from './core/model/serviceModel';
import { DockerConnection } from './docker/dockerConnection';
import { ClusterConnections } from './kubernetes/clusterConnections';
import * as kubernetesCommands from './commands/kubernetes/index';
import * as launchCommands from './commands/launch/index';
import * as envCommands from './commands/env/index';
import * as scoreCommands from './commands/score/index';
import * as condaDiagnostics from './diagnostics/condaDiagnostics';
import * as onlineDiagnostics from './diagnostics/onlineDiagnostics';
import * as modelPathDiagnostics from './diagnostics/modelPathDiagnostics';
import * as crashDiagnostics from './diagnostics/crashFeature';
import { ProblemStore } from './core/crash/problemStore';
import * as debugType from './debug/register';
import * as deployCommands from './commands/deploy/index';
import * as deploymentStatus from './views/deploymentStatus';

export function activate(context: vscode.ExtensionContext): TestApi {
  // Before anything is worded: every bundle's Strings then read the display language's l10n/bundle.l10n.<lang>.json.
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const log = maskedLog(vscode.window.createOutputChannel('Azure ML Deployments', { log: true }));
  context.subscriptions.push(log);
  const settings = new Settings({
    get: <T>(key: string, fallback: T) => vscode.workspace.getConfiguration('azuremlDebug').get<T>(key, fallback),
  });
  const model = new ServiceModel();
  const docker = new DockerConnection(model, settings, log, vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  context.subscriptions.push(model, docker);
  const clusters = new ClusterConnections(model, settings, log, vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  context.subscriptions.push(clusters);
  const problems = new ProblemStore();
  context.subscriptions.push(problems);
  const services: Services = { context, log, settings, model, docker, clusters, problems };
  const logs = logPanel.register(services);
  const { tree, view } = servicesView.register(services);
  const crashes = crashDiagnostics.register(services, logs);
  const workbench: Workbench = { ...services, logs, crashes };

  openSample.register(services);
  serviceCommands.register(workbench);
  kubernetesCommands.register(workbench);
  launchCommands.register(services);
  envCommands.register(services);
  scoreCommands.register(services);
  condaDiagnostics.register(services);
  onlineDiagnostics.register(services);
  modelPathDiagnostics.register(services);
  const debug = debugType.register(workbench);
  deployCommands.register(workbench);
  const statusItem = deploymentStatus.register(services);
  return { ...workbench, tree, treeView: view, debugConfigurations: debug.configurations, attachConfigurations: debug.offered, deploymentStatus: statusItem };
}

export function deactivate(): void {
  // Everything else is disposed through context.subscriptions.
  useTranslator(undefined);
}
