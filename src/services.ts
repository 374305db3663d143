// The objects that live as long as the extension, built once in activate()
// and handed to each feature's register(). Per-connection state (a Docker
// daemon, a cluster context) lives in bags owned by those features.
import type * as vscode from 'vscode';
import type { Settings } from './platform/settings';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly settings: Settings;
}
