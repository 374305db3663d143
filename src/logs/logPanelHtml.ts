// The log panel's HTML: a strict Content Security Policy (scripts only with
// a fresh nonce, styles from the extension's media folder and the script
// from its dist folder, nothing remote), the localized strings handed to the
// script as data.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { RestartInfo } from '../core/logs/logSource';
import { Strings } from '../platform/localize';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A restart mark as one line of text: "Restarted · exit code 3 · restart #2 · OOMKilled". */
export function restartLabel(info: RestartInfo): string {
  const parts = [Strings.logs.restarted()];
  if (info.exitCode !== undefined) parts.push(Strings.logs.exitCode(info.exitCode));
  if (info.reason) parts.push(info.reason);
  if (info.restartCount !== undefined) parts.push(Strings.logs.restartCount(info.restartCount));
  if (info.at) parts.push(info.at);
  return parts.join(' · ');
}

/** The webview's document; `media` holds its stylesheet, `dist` (dist/webview) its script, bundled from src/logs/webview. */
export function panelHtml(webview: vscode.Webview, media: vscode.Uri, dist: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string, folder = media) => webview.asWebviewUri(folder.with({ path: `${folder.path}/${name}` })).toString();
  const t = Strings.logs.webview();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('logPanel.css')}">
<title>Azure ML Logs</title>
</head>
<body data-strings="${escapeHtml(JSON.stringify(t))}">
<div id="tabs" role="tablist"></div>
<div id="toolbar" role="toolbar">
  <button id="follow" type="button" aria-pressed="true">${escapeHtml(t.pause)}</button>
  <label class="check"><input id="timestamps" type="checkbox"> ${escapeHtml(t.timestamps)}</label>
  <input id="filter" type="search" placeholder="${escapeHtml(t.filter)}" aria-label="${escapeHtml(t.filter)}" spellcheck="false">
  <button id="lastRestart" type="button">${escapeHtml(t.lastRestart)}</button>
  <button id="previous" type="button">${escapeHtml(t.previous)}</button>
  <button id="document" type="button">${escapeHtml(t.openDocument)}</button>
  <span id="status" aria-live="polite"></span>
</div>
<div id="banner" hidden><span id="bannerText"></span> <button id="showAll" type="button">${escapeHtml(t.showAll)}</button></div>
<div id="viewport" tabindex="0" role="log" aria-live="off"><div id="spacer"></div><div id="rows"></div></div>
<div id="empty">${escapeHtml(t.empty)}</div>
<script nonce="${nonce}" src="${asset('logPanel.js', dist)}"></script>
</body>
</html>`;
}
