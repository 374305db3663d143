// Wires the `azureml` debug type: the configuration resolver, the inline
// adapter factory (Docker loaded on the first session, from the engine the
// Docker connection uses), the debug container's log tab, and the orphan
// check offered at the first launch and as a command.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Workbench } from '../workbench';
import { loadDocker } from '../docker/lazy';
import { AzuremlConfigurationProvider } from './configurationProvider';
import { AzuremlDescriptorFactory } from './descriptorFactory';
import { OrphanCheck } from './orphans';
import { ImagePullGate } from './imagePullGate';
import * as containerLogs from './containerLogs';
import * as attachWait from './attachWait';
import * as debugpyFallback from './debugpyFallback';
import { AttachConfigurationProvider, registerAttachConfigurationProvider } from './attachConfigurationProvider';
import type { DebuggeeHostFactory } from './adapter/debuggeeHost';
import { CommandIds } from '../platform/commandIds';

export const AZUREML_TYPE = 'azureml';

/** The two providers, for the tests' API (VS Code gives none to reach them). */
export interface DebugProviders {
  configurations: AzuremlConfigurationProvider;
  offered: AttachConfigurationProvider;
}

export function register(services: Workbench): DebugProviders {
  const { settings, context } = services;
  const bundleDir = path.join(context.extensionPath, 'dist');
  const docker = () => services.docker.client();
  const orphans = new OrphanCheck(() => {
    const client = docker();
    if (!client) return undefined;
    const bundle = loadDocker(bundleDir);
    return { docker: client, list: bundle.listDebugContainers, remove: bundle.removeContainers };
  }, services.log);
  const hosts = (): DebuggeeHostFactory | undefined => {
    const client = docker();
    if (!client) return undefined;
    return loadDocker(bundleDir).createDebuggeeHosts(client, () => ({ keepContainer: settings.debugKeepContainer }));
  };
  const pullGate = new ImagePullGate(docker, () => loadDocker(bundleDir), services.log);
  const provider = new AzuremlConfigurationProvider(
    settings,
    () => settings.sampleFolder || path.join(context.extensionPath, 'sample'),
    () => orphans.run(),
    (image) => pullGate.ready(image),
  );
  const offered = new AttachConfigurationProvider(settings);
  const factory = new AzuremlDescriptorFactory(hosts, () => settings.debugReadyTimeoutSeconds * 1000);
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(AZUREML_TYPE, provider),
    registerAttachConfigurationProvider(offered),
    factory,
    vscode.debug.registerDebugAdapterDescriptorFactory(AZUREML_TYPE, factory),
    vscode.commands.registerCommand(CommandIds.debugRemoveOrphans, (options?: { confirmed?: boolean }) => orphans.removeCommand(options)),
  );
  containerLogs.register(services, AZUREML_TYPE);
  attachWait.register(context, AZUREML_TYPE);
  debugpyFallback.register(context, services.log);
  return { configurations: provider, offered };
}
