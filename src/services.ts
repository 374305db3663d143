// The objects that live as long as the extension, built once in activate()
// and handed to each feature's register(). Per-connection state (a Docker
// daemon, a cluster context) lives in bags owned by those features.
import type * as vscode from 'vscode';
import type { Settings } from './platform/settings';
import type { LogPanel } from './logs/logPanel';
import type { ServiceModel } from './core/model/serviceModel';
import type { DockerConnection } from './docker/dockerConnection';
import type { ServicesTreeProvider } from './views/servicesView';
import type { ClusterConnections } from './kubernetes/clusterConnections';
import type { ProblemStore } from './core/crash/problemStore';
import type { CrashDiagnostics } from './diagnostics/crashDiagnostics';
import type { AzuremlConfigurationProvider } from './debug/configurationProvider';
import type { AttachConfigurationProvider } from './debug/attachConfigurationProvider';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly settings: Settings;
  /** Every connection and service the user reaches (Docker, clusters). */
  readonly model: ServiceModel;
  /** The Docker engine connection (starts on first use). */
  readonly docker: DockerConnection;
  /** The clusters of the user's kubeconfig (each connects on first use). */
  readonly clusters?: ClusterConnections;
  /** The log panel, set once in activate() before the features that show logs register. */
  logs?: LogPanel;
  /** The services tree, set once in activate(). */
  tree?: ServicesTreeProvider;
  /** What is wrong with each service (crash causes), read by the tree. */
  readonly problems: ProblemStore;
  /** Crash-cause diagnostics; `reportHttp` feeds test-request answers in. Set once in activate(). */
  crashes?: CrashDiagnostics;
  /** The `azureml` configuration resolver (set by the debug feature): its refusals can be checked where VS Code's own gates stand in front. */
  debugConfigurations?: AzuremlConfigurationProvider;
  /** The provider of the initial and dynamic `azureml` configurations (set by the debug feature): VS Code lists dynamic ones only in its picker, with no API. */
  attachConfigurations?: AttachConfigurationProvider;
}
