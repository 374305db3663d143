// dist/debug.js: the `azureml` debug type, built by src/debug/lazy.ts when a
// session first resolves: the
// configuration resolver, the inline adapter factory (Docker loaded on the
// first session, from the engine the Docker connection uses), the debug
// container's log tab, the attach wait, and the orphan check offered at the
// first launch and as a command, and the walkthrough's watch for a stop in
// init() or run(). The front holds the registrations.
import * as path from 'node:path';
import type { Workbench } from '../workbench';
import { AzuremlConfigurationProvider } from './configurationProvider';
import { AzuremlDescriptorFactory } from './descriptorFactory';
import { OrphanCheck } from './orphans';
import { ImagePullGate } from './imagePullGate';
import * as containerLogs from './containerLogs';
import * as attachWait from './attachWait';
import * as walkthroughStops from './walkthroughStops';
import { DebugpyFallback } from './debugpyFallback';
import type { DebuggeeHostFactory } from './adapter/debuggeeHost';
import { AZUREML_DEBUG_TYPE } from '../core/edits/attachConfig';

/** The objects behind the debug type's registrations (and the tests' API). */
export interface DebugFeature {
  /** Resolves `azureml` configurations. */
  configurations: AzuremlConfigurationProvider;
  /** Turns a `debugpy` attach into an `azureml` one where the Python Debugger is missing. */
  debugpy: DebugpyFallback;
  factory: AzuremlDescriptorFactory;
  orphans: OrphanCheck;
}

export function create(services: Workbench): DebugFeature {
  const { settings, context } = services;
  const docker = () => services.docker.client();
  const orphans = new OrphanCheck(() => {
    const client = docker();
    if (!client) return undefined;
    const bundle = services.docker.bundle();
    return { docker: client, list: bundle.listDebugContainers, remove: bundle.removeContainers };
  }, services.log);
  const hosts = (): DebuggeeHostFactory | undefined => {
    const client = docker();
    if (!client) return undefined;
    return services.docker.bundle().createDebuggeeHosts(client, () => ({ keepContainer: settings.debugKeepContainer }));
  };
  const pullGate = new ImagePullGate(docker, () => services.docker.bundle(), services.log);
  const configurations = new AzuremlConfigurationProvider(
    settings,
    () => settings.sampleFolder || path.join(context.extensionPath, 'sample'),
    () => orphans.run(),
    (image) => pullGate.ready(image),
  );
  const factory = new AzuremlDescriptorFactory(hosts, () => settings.debugReadyTimeoutSeconds * 1000);
  context.subscriptions.push(factory);
  // A session of the type exists only after this was built (its resolve built it): these see every one.
  containerLogs.register(services, AZUREML_DEBUG_TYPE);
  attachWait.register(context, AZUREML_DEBUG_TYPE);
  walkthroughStops.register(context, AZUREML_DEBUG_TYPE);
  return { configurations, debugpy: new DebugpyFallback(services.log), factory, orphans };
}
