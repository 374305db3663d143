// The ARM and Azure ML routes of the test server and their handlers: the
// route table (method, path, the operation's name in the spec, the action ARM
// checks, the api-versions it knows) and what each answers from the server's
// state (pages joined by nextLink, operations that end after some polls).
// server.ts puts authentication, faults and recording in front of them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { EnvironmentVersion, OnlineDeployment, OnlineEndpoint, ServiceResource, Subscription, Workspace } from '../../../src/core/azure/armTypes';
import { AML_API_VERSION, AML_V1_API_VERSION, SUBSCRIPTIONS_API_VERSION } from '../../../src/core/azure/routes';
import { errorBody, notFound } from './armBodies';
import type { DeploymentBacking } from './backing';
import * as fx from './fixtures';

/** What a handler answers. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The server's state: subscriptions -> workspaces -> endpoints -> deployments, v1 services, operations in flight. */
export interface TestDeployment { resource: OnlineDeployment & Record<string, unknown>; backing?: DeploymentBacking }
export interface TestEndpoint { resource: OnlineEndpoint & Record<string, unknown>; keys: { primaryKey: string; secondaryKey: string }; tokens: Set<string>; deployments: Map<string, TestDeployment> }
export interface TestWorkspace {
  resource: Workspace & Record<string, unknown>; resourceGroup: string; endpoints: Map<string, TestEndpoint>;
  services: Map<string, { resource: ServiceResource & Record<string, unknown>; logs: string }>;
  /** `<name>/<version>` (lower case) -> an environment version. */
  environments: Map<string, EnvironmentVersion & Record<string, unknown>>;
}
export interface TestSubscription { resource: Subscription & Record<string, unknown>; workspaces: Map<string, TestWorkspace> }
export interface Operation {
  id: string; location: string; polls: number; startTime: string; done: boolean;
  outcome: { status: 'Succeeded' } | { status: 'Failed'; error: { code: string; message: string } };
  finish: () => void;
}

export const MLS_PROVIDER = 'providers/Microsoft.MachineLearningServices';
export const seg = '([^/]+)';
export const WS = `/subscriptions/${seg}/resourceGroups/${seg}/${MLS_PROVIDER}/workspaces/${seg}`;

/** The routes: pattern, method, the operation (for schemas and denials), the action ARM checks, the api-versions it knows. */
export const ROUTES: { method: string; re: RegExp; op: string; action?: string; versions: string[] }[] = [
  { method: 'GET', re: /^\/subscriptions$/, op: 'Subscriptions_List', versions: [SUBSCRIPTIONS_API_VERSION] },
  { method: 'GET', re: new RegExp(`^/subscriptions/${seg}/${MLS_PROVIDER}/workspaces$`), op: 'Workspaces_ListBySubscription', action: 'Microsoft.MachineLearningServices/workspaces/read', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/onlineEndpoints$`), op: 'OnlineEndpoints_List', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/onlineEndpoints/${seg}$`), op: 'OnlineEndpoints_Get', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read', versions: [AML_API_VERSION] },
  { method: 'POST', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/listKeys$`), op: 'OnlineEndpoints_ListKeys', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action', versions: [AML_API_VERSION] },
  { method: 'POST', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/token$`), op: 'OnlineEndpoints_GetToken', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/token/action', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/deployments$`), op: 'OnlineDeployments_List', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/deployments/${seg}$`), op: 'OnlineDeployments_Get', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read', versions: [AML_API_VERSION] },
  { method: 'PUT', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/deployments/${seg}$`), op: 'OnlineDeployments_CreateOrUpdate', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/write', versions: [AML_API_VERSION] },
  { method: 'DELETE', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/deployments/${seg}$`), op: 'OnlineDeployments_Delete', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/delete', versions: [AML_API_VERSION] },
  { method: 'POST', re: new RegExp(`^${WS}/onlineEndpoints/${seg}/deployments/${seg}/getLogs$`), op: 'OnlineDeployments_GetLogs', action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/getLogs/action', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/environments/${seg}/versions/${seg}$`), op: 'EnvironmentVersions_Get', action: 'Microsoft.MachineLearningServices/workspaces/environments/versions/read', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^${WS}/services$`), op: 'Services_List', action: 'Microsoft.MachineLearningServices/workspaces/services/read', versions: [AML_V1_API_VERSION] },
  { method: 'GET', re: new RegExp(`^/subscriptions/${seg}/${MLS_PROVIDER}/locations/${seg}/mfeOperationsStatus/${seg}$`), op: 'OperationStatus', versions: [AML_API_VERSION] },
  { method: 'GET', re: new RegExp(`^/subscriptions/${seg}/${MLS_PROVIDER}/locations/${seg}/mfeOperationResults/${seg}$`), op: 'OperationResult', versions: [AML_API_VERSION] },
  // The v1 data plane (azureml-core's Webservice.get_logs): no api-version required.
  { method: 'GET', re: new RegExp(`^/modelmanagement/v1\\.0${WS}/services/${seg}/logs$`), op: 'Webservice_GetLogs', action: 'Microsoft.MachineLearningServices/workspaces/services/read', versions: [] },
];

/** What the handlers read and change. */
export interface ArmState {
  subs: Map<string, TestSubscription>;
  operations: Map<string, Operation>;
  failNext: Map<string, { code: string; message: string }>;
  pageSize: number;
  opts: { operationPolls?: number; pollRetryAfterSeconds?: number };
  /** The server's origin, known once it listens. */
  url: () => string;
}

/** The handlers of {@link ROUTES} over `ctx`, and the lookups the server shares. */
export function armHandlers(ctx: ArmState) {
  const findWorkspace = (sub: string, rg: string, name: string): TestWorkspace | undefined => {
    const w = ctx.subs.get(sub.toLowerCase())?.workspaces.get(`${rg}/${name}`.toLowerCase());
    return w;
  };
  const byId = (id: string): { ws?: TestWorkspace; ep?: TestEndpoint; dep?: TestDeployment } => {
    const m = new RegExp(`^${WS}(?:/onlineEndpoints/${seg}(?:/deployments/${seg})?)?$`, 'i').exec(id);
    if (!m) return {};
    const ws = findWorkspace(m[1], m[2], m[3]);
    const ep = m[4] ? ws?.endpoints.get(m[4].toLowerCase()) : undefined;
    const dep = m[5] ? ep?.deployments.get(m[5].toLowerCase()) : undefined;
    return { ws, ep, dep };
  };

  /** One page of `items`: `$skipToken` is the offset; nextLink absolute, on this server, as ARM gives it. */
  const page = <T>(items: T[], reqUrl: URL): Answer => {
    const skip = Number(reqUrl.searchParams.get('$skipToken') ?? '0') || 0;
    const value = items.slice(skip, skip + ctx.pageSize);
    const body: { value: T[]; nextLink?: string } = { value };
    if (skip + ctx.pageSize < items.length) {
      const next = new URL(reqUrl.pathname + reqUrl.search, ctx.url());
      next.searchParams.set('$skipToken', String(skip + ctx.pageSize));
      body.nextLink = next.toString();
    }
    return { status: 200, body };
  };

  const startOperation = (location: string, finish: () => void, failure?: { code: string; message: string }): Operation => {
    const op: Operation = {
      id: randomUUID(), location, polls: 0, startTime: new Date().toISOString(), done: false,
      outcome: failure ? { status: 'Failed', error: failure } : { status: 'Succeeded' }, finish,
    };
    ctx.operations.set(op.id, op);
    return op;
  };
  const pollOperation = (op: Operation): boolean => {
    op.polls++;
    if (!op.done && op.polls > (ctx.opts.operationPolls ?? 2)) {
      op.done = true;
      op.finish();
    }
    return op.done;
  };

  const handlers: Record<string, (m: RegExpExecArray, reqUrl: URL, body: string) => Answer> = {
    Subscriptions_List: (_m, u) => page([...ctx.subs.values()].map((s) => s.resource), u),
    Workspaces_ListBySubscription: (m, u) => {
      const s = ctx.subs.get(m[1].toLowerCase());
      if (!s) return { status: 404, body: errorBody('SubscriptionNotFound', `The subscription '${m[1]}' could not be found.`) };
      return page([...s.workspaces.values()].map((w) => w.resource), u);
    },
    OnlineEndpoints_List: (m, u) => {
      const ws = findWorkspace(m[1], m[2], m[3]);
      if (!ws) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}`, m[2]);
      return page([...ws.endpoints.values()].map((e) => e.resource), u);
    },
    OnlineEndpoints_Get: (m) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      return ep ? { status: 200, body: ep.resource } : notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}`, m[2]);
    },
    OnlineEndpoints_ListKeys: (m) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      if (!ep) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}`, m[2]);
      if (ep.resource.properties.authMode !== 'Key') return { status: 400, body: errorBody('UserError', `Endpoint ${m[4]} does not use key authentication (authMode ${ep.resource.properties.authMode}).`) };
      return { status: 200, body: ep.keys };
    },
    OnlineEndpoints_GetToken: (m) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      if (!ep) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}`, m[2]);
      if (ep.resource.properties.authMode !== 'AMLToken') return { status: 400, body: errorBody('UserError', `Endpoint ${m[4]} does not use token authentication (authMode ${ep.resource.properties.authMode}).`) };
      const now = Math.floor(Date.now() / 1000);
      const accessToken = randomBytes(48).toString('base64url');
      ep.tokens.add(accessToken);
      return { status: 200, body: { accessToken, tokenType: 'Bearer', expiryTimeUtc: now + 3600, refreshAfterTimeUtc: now + 1800 } };
    },
    OnlineDeployments_List: (m, u) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      if (!ep) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}`, m[2]);
      return page([...ep.deployments.values()].map((d) => d.resource), u);
    },
    OnlineDeployments_Get: (m) => {
      const d = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase())?.deployments.get(m[5].toLowerCase());
      return d ? { status: 200, body: d.resource } : notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}/deployments/${m[5]}`, m[2]);
    },
    OnlineDeployments_CreateOrUpdate: (m, _u, text) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      if (!ep) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}`, m[2]);
      let body: Partial<OnlineDeployment>;
      try {
        body = JSON.parse(text) as Partial<OnlineDeployment>;
      } catch {
        return { status: 400, body: errorBody('UnsupportedMediaType', 'The request body is not valid JSON.') };
      }
      if (!body.location || !body.properties?.endpointComputeType) {
        return { status: 400, body: errorBody('BadRequest', "The request is invalid: 'location' and 'properties.endpointComputeType' are required.") };
      }
      const existing = ep.deployments.get(m[5].toLowerCase());
      const resource = {
        ...fx.onlineDeployment(ep.resource.id, m[5], body.location, {}),
        ...body, id: `${ep.resource.id}/deployments/${m[5]}`, name: m[5], type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
      } as OnlineDeployment & Record<string, unknown>;
      resource.properties = { ...resource.properties, provisioningState: existing ? 'Updating' : 'Creating' };
      const dep: TestDeployment = existing ?? { resource };
      dep.resource = resource;
      ep.deployments.set(m[5].toLowerCase(), dep);
      const failure = ctx.failNext.get(resource.id.toLowerCase());
      ctx.failNext.delete(resource.id.toLowerCase());
      const op = startOperation(ep.resource.location, () => {
        dep.resource.properties.provisioningState = failure ? 'Failed' : 'Succeeded';
      }, failure);
      return {
        status: existing ? 200 : 201,
        headers: {
          'Azure-AsyncOperation': `${ctx.url()}/subscriptions/${m[1]}/${MLS_PROVIDER}/locations/${ep.resource.location}/mfeOperationsStatus/${op.id}?api-version=${AML_API_VERSION}`,
          'x-ms-async-operation-timeout': 'PT1H',
        },
        body: resource,
      };
    },
    OnlineDeployments_Delete: (m) => {
      const ep = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase());
      const key = m[5].toLowerCase();
      if (!ep?.deployments.has(key)) return { status: 204 };
      const dep = ep.deployments.get(key)!;
      dep.resource.properties.provisioningState = 'Deleting';
      const op = startOperation(ep.resource.location, () => {
        ep.deployments.delete(key);
        delete ep.resource.properties.traffic?.[dep.resource.name];
      });
      return {
        status: 202,
        headers: {
          Location: `${ctx.url()}/subscriptions/${m[1]}/${MLS_PROVIDER}/locations/${ep.resource.location}/mfeOperationResults/${op.id}?api-version=${AML_API_VERSION}`,
          'Retry-After': String(ctx.opts.pollRetryAfterSeconds ?? 10), 'x-ms-async-operation-timeout': 'PT1H',
        },
      };
    },
    OnlineDeployments_GetLogs: (m) => {
      const d = findWorkspace(m[1], m[2], m[3])?.endpoints.get(m[4].toLowerCase())?.deployments.get(m[5].toLowerCase());
      if (!d) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/onlineEndpoints/${m[4]}/deployments/${m[5]}`, m[2]);
      return { status: 200, body: { content: '' } }; // filled asynchronously in onRequest (the backing reads Docker)
    },
    EnvironmentVersions_Get: (m) => {
      const env = findWorkspace(m[1], m[2], m[3])?.environments.get(`${m[4]}/${m[5]}`.toLowerCase());
      return env ? { status: 200, body: env } : notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}/environments/${m[4]}/versions/${m[5]}`, m[2]);
    },
    Services_List: (m, u) => {
      const ws = findWorkspace(m[1], m[2], m[3]);
      if (!ws) return notFound(`Microsoft.MachineLearningServices/workspaces/${m[3]}`, m[2]);
      return page([...ws.services.values()].map((s) => s.resource), u);
    },
    OperationStatus: (m) => {
      const op = ctx.operations.get(m[3]);
      if (!op) return { status: 404, body: errorBody('NotFound', `Operation ${m[3]} not found.`) };
      const done = pollOperation(op);
      return {
        status: 200,
        body: {
          id: `/subscriptions/${m[1]}/${MLS_PROVIDER}/locations/${m[2]}/mfeOperationsStatus/${op.id}`, name: op.id, startTime: op.startTime,
          status: done ? op.outcome.status : 'InProgress',
          ...(done ? { endTime: new Date().toISOString() } : {}),
          ...(done && op.outcome.status === 'Failed' ? { error: op.outcome.error } : {}),
        },
      };
    },
    OperationResult: (m) => {
      const op = ctx.operations.get(m[3]);
      if (!op) return { status: 404, body: errorBody('NotFound', `Operation ${m[3]} not found.`) };
      if (!pollOperation(op)) return { status: 202, headers: { Location: `${ctx.url()}${`/subscriptions/${m[1]}/${MLS_PROVIDER}/locations/${m[2]}/mfeOperationResults/${op.id}`}?api-version=${AML_API_VERSION}`, 'Retry-After': String(ctx.opts.pollRetryAfterSeconds ?? 10) } };
      if (op.outcome.status === 'Failed') return { status: 400, body: { error: op.outcome.error } };
      return { status: 200 };
    },
    Webservice_GetLogs: (m) => {
      const s = findWorkspace(m[1], m[2], m[3])?.services.get(m[4].toLowerCase());
      if (!s) return { status: 404, body: errorBody('NotFound', `No service with name ${m[4]} found.`) };
      return { status: 200, body: { content: s.logs } };
    },
  };

  return { handlers, findWorkspace, byId };
}
