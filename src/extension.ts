// Entry point: builds the long-lived services, and registers the front of
// each feature (the views, the log panel, the diagnostics, the commands, the
// debug types), whose code loads from its own bundle on first use
// (src/platform/lazyBundle.ts). No feature logic lives here. Returns the
// tests' API (src/testApi.ts).
import * as vscode from 'vscode';
import { useTranslator } from './core/l10n';
import { Settings } from './platform/settings';
import { settingsSection } from './platform/settingsSection';
import { maskedLog } from './platform/maskedLog';
import { bundleDirOf } from './platform/lazyBundle';
import type { Services } from './services';
import type { Workbench } from './workbench';
import type { TestApi } from './testApi';
import * as views from './views/lazy';
import * as logPanel from './logs/lazy';
import * as diagnostics from './diagnostics/lazy';
import * as commands from './commands/lazy';
import * as debugTypes from './debug/lazy';
import { ServiceModel } from './core/model/serviceModel';
import { DockerConnection } from './docker/dockerConnection';
import { ClusterConnections } from './kubernetes/clusterConnections';
import { AzureAccount } from './azure/azureAccount';
import { ProblemStore } from './core/crash/problemStore';
import { watchDeploymentFolder } from './platform/walkthroughProgress';

export function activate(context: vscode.ExtensionContext): TestApi {
  const started = performance.now();
  // Before anything is worded: every bundle's Strings then read the display language's l10n/bundle.l10n.<lang>.json.
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const log = maskedLog(vscode.window.createOutputChannel('Azure ML Deployments', { log: true }));
  context.subscriptions.push(log);
  const settings = new Settings(settingsSection(context.subscriptions));
  const model = new ServiceModel();
  const docker = new DockerConnection(model, settings, log, bundleDirOf(context));
  context.subscriptions.push(model, docker);
  const clusters = new ClusterConnections(model, settings, log, bundleDirOf(context));
  context.subscriptions.push(clusters);
  const azure = new AzureAccount(model, log, bundleDirOf(context));
  context.subscriptions.push(azure);
  const problems = new ProblemStore();
  context.subscriptions.push(problems);
  const services: Services = { context, log, settings, model, docker, clusters, azure, problems };
  const logs = logPanel.register(services);
  const shown = views.register(services);
  // A panel not built yet holds no log.
  const crashes = diagnostics.register(services, { heldRun: (sourceId, previous) => logs.built?.heldRun(sourceId, previous) });
  const workbench: Workbench = {
    ...services,
    get logs() {
      return logs.get();
    },
    get crashes() {
      return crashes.get();
    },
  };
  commands.register(workbench);
  const debug = debugTypes.register(workbench);
  watchDeploymentFolder(context);
  // Getters, not values: reading the API builds no feature before a test asks for it.
  return {
    ...services,
    get logs() {
      return logs.get();
    },
    get crashes() {
      return crashes.get();
    },
    get tree() {
      return shown.tree.get();
    },
    treeView: shown.view,
    get debugConfigurations() {
      return debug.feature.get().configurations;
    },
    attachConfigurations: debug.offered,
    get deploymentStatus() {
      return shown.status.get().item;
    },
    activateMs: performance.now() - started,
  };
}

export function deactivate(): void {
  // Everything else is disposed through context.subscriptions.
  useTranslator(undefined);
}
