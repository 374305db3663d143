// "Open Build Log" on a deployment or web service in Azure whose image build
// failed: reads the log from the link Azure's error gives and opens it in an
// editor (masked: a build prints its environment), or, when the link is
// closed to this machine or the log sits in the workspace's blob store, says
// where it lives with a button to open or copy it. The link is a storage SAS
// URL: it is read without our Azure token, which never goes to storage.
import * as vscode from 'vscode';
import { buildLogOf, buildLogRefusal, buildLogWhere, buildLogWords, type BuildLog } from '../../core/azure/buildLog';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { verbsOf } from '../../connections';
import { CommandIds } from '../../platform/commandIds';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from '../service/pickService';

const MAX_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** What the command did, for tests: the editor it opened, or what it said. */
export interface OpenBuildLogResult {
  log?: BuildLog;
  document?: vscode.Uri;
  message?: string;
}

const buildLogOfRecord = (r: ServiceRecord) => (r.kind === 'azure' ? buildLogOf(r.azure?.view.error) : undefined);

/** The log's text, at most MAX_BYTES, or why it could not be read. */
async function readLink(url: string): Promise<{ text: string } | { why: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
    if (!res.ok) return { why: buildLogRefusal(res.status, (await res.text()).slice(0, 4096)) };
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const, value: undefined };
      if (next.done) break;
      chunks.push(next.value);
      size += next.value.length;
      if (size >= MAX_BYTES) {
        void reader?.cancel();
        const text = Buffer.concat(chunks).subarray(0, MAX_BYTES).toString('utf8');
        return { text: `${text}\n${buildLogWords.tooLarge(MAX_BYTES / 1024 / 1024)}\n` };
      }
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  } catch (err) {
    return { why: String((err as Error).cause ?? (err as Error).message ?? err) };
  }
}

async function open(services: Workbench, record: ServiceRecord): Promise<OpenBuildLogResult> {
  const log = buildLogOfRecord(record);
  if (!log) {
    const message = buildLogWords.none(record.name);
    void vscode.window.showInformationMessage(message);
    return { message };
  }
  const redact = (t: string) => verbsOf(services, record).redact(t);
  if (log.kind === 'store') {
    const message = buildLogWhere(log);
    void vscode.window.showInformationMessage(message, buildLogWords.copyPath()).then((b) => {
      if (b) void vscode.env.clipboard.writeText(log.path);
    });
    return { log, message };
  }
  const read = await readLink(log.url);
  if ('text' in read) {
    const doc = await vscode.workspace.openTextDocument({ content: redact(read.text), language: 'log' });
    await vscode.window.showTextDocument(doc, { preview: false });
    return { log, document: doc.uri };
  }
  const message = redact(buildLogWords.unread(log.url, read.why, buildLogWhere(log)));
  void vscode.window.showWarningMessage(message, buildLogWords.openInBrowser(), buildLogWords.copyLink()).then((b) => {
    if (b === buildLogWords.openInBrowser()) void vscode.env.openExternal(vscode.Uri.parse(log.url));
    else if (b === buildLogWords.copyLink()) void vscode.env.clipboard.writeText(log.url);
  });
  return { log, message };
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.azureOpenBuildLog, async (node?: ServiceTreeNode): Promise<OpenBuildLogResult | undefined> => {
      const record = await pickService(services, node, (r) => buildLogOfRecord(r) !== undefined);
      return record ? open(services, record) : undefined;
    }),
  );
}
