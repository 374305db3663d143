// Entry point: builds the long-lived services and hands them to each
// feature's register(). No feature logic lives here.
import * as vscode from 'vscode';
import { Settings } from './platform/settings';
import type { Services } from './services';
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
import * as crashDiagnostics from './diagnostics/crashFeature';
import { ProblemStore } from './core/crash/problemStore';
import * as debugType from './debug/register';
import * as deployCommands from './commands/deploy/index';

export function activate(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Azure ML Deployments', { log: true });
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
  services.logs = logPanel.register(services);

  openSample.register(services);
  services.tree = servicesView.register(services);
  serviceCommands.register(services);
  kubernetesCommands.register(services);
  launchCommands.register(services);
  envCommands.register(services);
  scoreCommands.register(services);
  condaDiagnostics.register(services);
  crashDiagnostics.register(services);
  debugType.register(services);
  deployCommands.register(services);
  return services;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
