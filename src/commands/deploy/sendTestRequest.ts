// "Send Test Request", one flow for every runtime: the request file (given,
// the last one sent, the service folder's sample-request.json, or a picked
// JSON file) POSTed to /score at the service's scoring endpoint (a Docker
// service's published port, a pod's port through a port-forward), with the
// deploy.requestTimeout; a deployment in Azure at its scoring URI, with the
// endpoint's key or token (never shown); status, time and body shown, 502/503/504 explained
// as the troubleshooting page does and handed to crash analysis.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sendScoringRequest } from '../../platform/scoringRequest';
import { runFrameOf } from '../../debug/runFrame';
import type { RuntimeVerbs, ScoringEndpoint } from '../../platform/runtimeVerbs';
import { verbsOf } from '../../connections';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { describeResponse, prepareTestRequest, type TestResponse } from '../../core/deploy/testRequest';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService, requireTrust } from '../service/pickService';
import { DeployLabels } from '../../core/deploy/deployPlan';

const LAST_KEY = 'azuremlDebug.deploy.lastRequestFile';

/** Options of the command (tests and other features pass them). */
export interface TestRequestOptions {
  /** Request file to send. */
  file?: string;
  /** Body to send instead of a file. */
  body?: string;
  /** Do not show the notification (the caller reports). */
  quiet?: boolean;
}

async function requestFile(services: Workbench, record: ServiceRecord): Promise<string | undefined> {
  const last = services.context.workspaceState.get<Record<string, string>>(LAST_KEY, {})[record.name];
  if (last && fs.existsSync(last)) return last;
  // Beside the code, else beside the file it was deployed from (a v2 deployment.yml sits above its code folder).
  const config = record.labels[DeployLabels.config];
  for (const folder of [record.labels[DeployLabels.source] ?? record.appSource, config && path.dirname(config)]) {
    if (folder && fs.existsSync(path.join(folder, 'sample-request.json'))) return path.join(folder, 'sample-request.json');
  }
  const found = await vscode.workspace.findFiles('**/sample-request.json', '**/node_modules/**', 2);
  if (found.length === 1) return found[0].fsPath;
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, filters: { JSON: ['json'] }, openLabel: Strings.deploy.pickRequestButton() });
  return picked?.[0]?.fsPath;
}

/** Words for what an answer means (502/503/504 as in the seeds). */
export function explainResponse(r: TestResponse): string | undefined {
  switch (r.kind) {
    case 'run-crashed':
      return Strings.deploy.explain502();
    case 'overloaded':
      return Strings.deploy.explain503();
    case 'not-ready':
      return Strings.deploy.explain503NotReady();
    case 'timeout':
      return Strings.deploy.explain504(r.timeoutMs);
    case 'no-answer':
      return Strings.deploy.explainNoAnswer();
    case 'request-timeout':
      return r.runAt ? `${Strings.deploy.explain408(r.ms)} ${Strings.deploy.runWasAt(r.runAt)}` : Strings.deploy.explain408(r.ms);
    case 'throttled':
      return Strings.deploy.explain429();
    case 'model-error':
      return Strings.deploy.explain424(r.modelStatus ?? 0);
    default:
      return undefined;
  }
}

/**
 * Sends one test request to a service and shows the answer. Its endpoint is
 * its runtime's (a pod's: of `container`, through a port-forward).
 */
export async function sendTestRequest(services: Workbench, record: ServiceRecord, options: TestRequestOptions = {}, container?: string): Promise<TestResponse | undefined> {
  const verbs = verbsOf(services, record);
  let at: ScoringEndpoint | undefined;
  try {
    at = await verbs.scoringEndpoint(record, container);
  } catch (err) {
    return void vscode.window.showErrorMessage(Strings.kubernetes.testFailed(record.name, verbs.redact((err as Error).message)));
  }
  if (!at) return void vscode.window.showErrorMessage(Strings.noScoringPort(record.name));
  try {
    return await sendTo(services, record, options, at, verbs);
  } finally {
    at.dispose();
  }
}

async function sendTo(services: Workbench, record: ServiceRecord, options: TestRequestOptions, at: ScoringEndpoint, verbs: RuntimeVerbs): Promise<TestResponse | undefined> {
  let body = options.body;
  let file = options.file;
  if (body === undefined) {
    file ??= await requestFile(services, record);
    if (!file) return undefined;
    body = fs.readFileSync(file, 'utf8');
    const remembered = services.context.workspaceState.get<Record<string, string>>(LAST_KEY, {});
    await services.context.workspaceState.update(LAST_KEY, { ...remembered, [record.name]: file });
  }
  const prepared = prepareTestRequest(body);
  if (prepared.notJson && !options.quiet) void vscode.window.showWarningMessage(Strings.deploy.notJson(file ?? 'body', prepared.notJson.line, prepared.notJson.column));
  const started = Date.now();
  let response: TestResponse;
  try {
    const answer = await sendScoringRequest(at.url, prepared.body, {
      timeoutMs: services.settings.deployRequestTimeoutSeconds * 1000,
      // The runtime's headers (Azure: the endpoint's key or token) are secret: never logged.
      headers: { 'Content-Type': prepared.contentType, ...at.headers },
    });
    response = describeResponse(answer.status, answer.body, answer.durationMs, answer.headers);
  } catch (err) {
    response = describeResponse(undefined, (err as Error).message, Date.now() - started);
  }
  // Redacted once, for every reader after this (the log, the notification, Open Response, crash
  // analysis, the caller): an answer may echo a key, or what the cluster's credentials would reveal.
  response = { ...response, body: verbs.redact(response.body) };
  // Cut off while debugging: most likely it waits at a breakpoint in run(); say where.
  if (response.kind === 'request-timeout' && vscode.debug.activeDebugSession) {
    const session = vscode.debug.activeDebugSession;
    const runAt = await runFrameOf((command, args) => session.customRequest(command, args));
    if (runAt) response = { ...response, runAt };
  }
  services.log.info(`test request to ${record.name} (${at.where}) -> ${response.status ?? 'no answer'} in ${response.ms} ms: ${response.body.slice(0, 2000)}`);
  // 502/503/504 answers become crash causes on the user's files (issue 8).
  if (response.status !== undefined) void services.crashes.reportHttp(record, response.status, response.body);
  if (!options.quiet) void show(response, record.name);
  return response;
}

async function show(r: TestResponse, name: string): Promise<void> {
  const head = r.status === undefined ? Strings.deploy.noAnswer(name, r.ms) : Strings.deploy.answer(name, r.status, r.ms);
  const why = explainResponse(r);
  const text = [head, r.body.slice(0, 300), why].filter(Boolean).join('\n');
  const openBody = Strings.deploy.openResponse();
  const notify = r.kind === 'ok' ? vscode.window.showInformationMessage : r.kind === 'client-error' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  if ((await notify(text, openBody)) === openBody) {
    let language = 'plaintext';
    try {
      JSON.parse(r.body);
      language = 'json';
    } catch {
      // not JSON: shown as text
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: r.body, language }));
  }
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.deploySendTestRequest, async (node?: ServiceTreeNode, options?: TestRequestOptions) => {
      if (!requireTrust()) return undefined;
      const record = await pickService(services, node, (r) => r.kind === 'docker' && !!r.scoringPort && r.state === 'running');
      return record ? sendTestRequest(services, record, options) : undefined;
    }),
  );
}
