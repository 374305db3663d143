// The runtime verbs of a deployment in Azure: its log (a v2 deployment's
// InferenceServer or StorageInitializer container through getLogs, a v1 web
// service's through the data plane), followed by polling; its scoring URI
// with the endpoint's key or token in `Authorization` (fetched through the
// API, never shown or logged) and `azureml-model-deployment` naming the
// deployment; redaction of the session's tokens and keys. No exec: nothing
// runs in an Azure container from here.
import type { DeploymentContainerType } from '../core/azure/armTypes';
import { l10n } from '../core/l10n';
import type { LogSource, PathMapping } from '../core/logs/logSource';
import { APP_ROOT } from '../core/model/appRoot';
import type { ServiceRecord } from '../core/model/serviceRecord';
import type { RuntimeVerbs } from '../platform/runtimeVerbs';
import type { AzureBag } from './azureBag';
import { deploymentLogSource, deploymentLogTab, webServiceLogSource } from './deploymentLogSource';

/** What the verbs need of the Azure side (src/azure/azureAccount.ts). */
export interface AzureSide {
  current(): Promise<AzureBag | undefined>;
  redact(text: string): string;
}

function details(record: ServiceRecord) {
  const a = record.azure;
  if (!a) throw new Error(l10n.t('{0} is not a deployment in Azure.', record.name));
  return { a, ws: { subscriptionId: a.subscriptionId, resourceGroupName: a.resourceGroupName, workspaceName: a.workspaceName } };
}

async function bagOf(side: AzureSide): Promise<AzureBag> {
  const bag = await side.current();
  if (!bag) throw new Error(l10n.t('Not signed in to Azure: sign in (Accounts menu, or "Sign in to Azure" in the Services view).'));
  return bag;
}

/** A log source whose API is reached when it opens (signing in silently then). */
function deferred(id: string, title: string, description: string, make: () => Promise<LogSource>, pathMappings: () => readonly PathMapping[]): LogSource {
  return {
    id, title, description, pathMappings,
    open(options, sink) {
      let handle: { dispose(): void } | undefined;
      let disposed = false;
      sink.state?.('connecting');
      make().then(
        (source) => {
          if (!disposed) handle = source.open(options, sink);
        },
        (err: unknown) => {
          sink.error(err instanceof Error ? err : new Error(String(err)), false);
          sink.end();
        },
      );
      return {
        dispose: () => {
          disposed = true;
          handle?.dispose();
        },
      };
    },
  };
}

export function azureVerbs(side: AzureSide): RuntimeVerbs {
  return {
    logSource: (record, container) => {
      const { a, ws } = details(record);
      // The container's app folder is the local code folder the deployment maps to: traceback frames become links.
      // A v2 deployment's code folder is mounted one level down, under its own name (record.appRoot).
      const pathMappings = () => (record.appSource ? [{ remoteRoot: record.appRoot ?? APP_ROOT, localRoot: record.appSource }] : []);
      if (a.view.kind === 'webservice') {
        const view = a.view;
        const dataPlane = a.dataPlane;
        return deferred(`azure:${view.id}`, view.name, `${a.workspaceName} · ${view.computeType}`, async () => {
          if (!dataPlane) throw new Error(l10n.t('The workspace {0} names no data plane for its web services\' logs.', a.workspaceName));
          return webServiceLogSource({ api: (await bagOf(side)).api, workspace: ws, serviceName: view.name, dataPlane, pathMappings });
        }, pathMappings);
      }
      const view = a.view;
      const kind: DeploymentContainerType = container === 'StorageInitializer' ? 'StorageInitializer' : 'InferenceServer';
      const make = async () => deploymentLogSource({ api: (await bagOf(side)).api, workspace: ws, endpointName: view.endpointName, deploymentName: view.name, container: kind, pathMappings });
      const tab = deploymentLogTab({ workspace: ws, endpointName: view.endpointName, deploymentName: view.name, container: kind });
      return deferred(tab.id, tab.title, tab.description, make, pathMappings);
    },
    scoringEndpoint: async (record) => {
      const { a, ws } = details(record);
      if (!a.view.scoringUri) return undefined;
      const bag = await bagOf(side);
      const headers: Record<string, string> = {};
      if (a.view.kind === 'online') {
        const endpoint = bag.endpointOf(record)?.endpoint ?? (await bag.api.getOnlineEndpoint(ws, a.view.endpointName));
        const auth = await bag.api.scoringAuthorization(ws, endpoint);
        if (auth) headers.Authorization = auth.header;
        headers['azureml-model-deployment'] = a.view.name;
      }
      return { url: a.view.scoringUri, where: new URL(a.view.scoringUri).host, headers, dispose: () => undefined };
    },
    redact: (text) => side.redact(text),
  };
}
