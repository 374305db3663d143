// The extension's output channel as every feature receives it: each message
// and argument masked (core/model/secrets) before it is written. Features log
// what the runtimes said (an engine's error, a response body, a failed
// watch's reason); masking at the channel keeps a secret out of every such
// line, the ones written today and the ones added later.
import type * as vscode from 'vscode';
import { maskSecretsInText } from '../core/model/secrets';

function maskArg(a: unknown): unknown {
  if (typeof a === 'string') return maskSecretsInText(a);
  if (a instanceof Error) return maskError(a);
  return a;
}

function maskError(e: Error): Error {
  const masked = new Error(maskSecretsInText(e.message));
  masked.name = e.name;
  if (e.stack !== undefined) masked.stack = maskSecretsInText(e.stack);
  return masked;
}

/** `channel`, writing every message and argument masked. */
export function maskedLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: (listener, thisArgs, disposables) => channel.onDidChangeLogLevel(listener, thisArgs, disposables),
    append: (value) => channel.append(maskSecretsInText(value)),
    appendLine: (value) => channel.appendLine(maskSecretsInText(value)),
    replace: (value) => channel.replace(maskSecretsInText(value)),
    clear: () => channel.clear(),
    show: (columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => channel.show(columnOrPreserveFocus as vscode.ViewColumn, preserveFocus),
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
    trace: (message, ...args) => channel.trace(maskSecretsInText(message), ...args.map(maskArg)),
    debug: (message, ...args) => channel.debug(maskSecretsInText(message), ...args.map(maskArg)),
    info: (message, ...args) => channel.info(maskSecretsInText(message), ...args.map(maskArg)),
    warn: (message, ...args) => channel.warn(maskSecretsInText(message), ...args.map(maskArg)),
    error: (error, ...args) => channel.error(typeof error === 'string' ? maskSecretsInText(error) : maskError(error), ...args.map(maskArg)),
  };
}
