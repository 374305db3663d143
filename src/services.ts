// The objects that live as long as the extension, built once in activate()
// before any feature and handed to each feature's register(). Only what the
// features themselves build on: no feature's own object is in here (the log
// panel and crash diagnostics are handed on as a Workbench, src/workbench.ts),
// so nothing here imports a feature and no import circles through it.
// Per-connection state (a Docker daemon, a cluster context) lives in bags
// owned by those connections.
import type * as vscode from 'vscode';
import type { Settings } from './platform/settings';
import type { ServiceModel } from './core/model/serviceModel';
import type { DockerConnection } from './docker/dockerConnection';
import type { ClusterConnections } from './kubernetes/clusterConnections';
import type { ProblemStore } from './core/crash/problemStore';
import type { AzureAccount } from './azure/azureAccount';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly settings: Settings;
  /** Every connection and service the user reaches (Docker, clusters). */
  readonly model: ServiceModel;
  /** The Docker engine connection (starts on first use). */
  readonly docker: DockerConnection;
  /** The clusters of the user's kubeconfig (each connects on first use). */
  readonly clusters: ClusterConnections;
  /**
   * The Azure sign-in and the deployments it lists (starts on first use);
   * `azure.api()` is the Azure ML API of the signed-in session, undefined when signed out.
   */
  readonly azure: AzureAccount;
  /** What is wrong with each service (crash causes), read by the tree. */
  readonly problems: ProblemStore;
}
