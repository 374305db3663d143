// The log panel's webview (bundled to dist/webview/logPanel.js): keeps a copy of the
// active tab's entries (sent in batches by src/logs/logPanel.ts) and puts only
// the rows in sight into the DOM, so a burst of 100,000 lines costs one array
// push each, not a node each; a row shows at most rowChars of its line.
// Message shapes: src/logs/logWire.ts. Runs in the browser: no vscode, no node.
import type { FromWebview, ToWebview, WireEntry, WireTab } from '../logWire';
import { cutNote, LogRows } from './logRows';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; getState(): unknown; setState(s: unknown): void };

type Strings = Record<string, string> & { cut: string; continues: string };

const vscode = acquireVsCodeApi();
const S = JSON.parse(document.body.dataset.strings || '{}') as Strings;
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const viewport = $('viewport');
const spacer = $('spacer');
const rowsEl = $('rows');
const filterEl = $('filter') as HTMLInputElement;
const tsEl = $('timestamps') as HTMLInputElement;
const followBtn = $('follow');
const statusEl = $('status');
const banner = $('banner');
const overscan = 20;

const saved = (vscode.getState() || {}) as { timestamps?: boolean; filter?: string };
let tabsMsg: { tabs: WireTab[]; active?: string } = { tabs: [] };
/** The active tab's copy and the rows it shows. */
const rows = new LogRows();
let follow = true;
let unseen = 0;
let showTs = !!saved.timestamps;
let rowH = 18;
let frame = 0;

tsEl.checked = showTs;
filterEl.value = saved.filter || '';

const fmt = (template: string, value: string | number) => String(template).replace('{0}', String(value));

function measure(): void {
  const probe = document.createElement('div');
  probe.className = 'row';
  probe.style.height = 'auto';
  probe.textContent = 'Xg';
  rowsEl.appendChild(probe);
  const h = probe.getBoundingClientRect().height;
  probe.remove();
  if (h >= 8) rowH = Math.ceil(h);
  document.documentElement.style.setProperty('--row-h', `${rowH}px`);
}

function compileFilter(text: string): ((t: string) => boolean) | undefined {
  filterEl.classList.remove('invalid');
  if (!text) return undefined;
  const m = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (m) {
    try {
      const re = new RegExp(m[1], m[2].includes('i') ? m[2] : m[2] + 'i');
      return (t) => re.test(t);
    } catch {
      filterEl.classList.add('invalid');
      return undefined;
    }
  }
  const needle = text.toLowerCase();
  return (t) => t.toLowerCase().includes(needle);
}

function activeTab(): WireTab | undefined {
  return tabsMsg.tabs.find((t) => t.id === tabsMsg.active);
}

function restartText(r: NonNullable<WireEntry['r']>): string {
  const parts = [S.restarted];
  if (r.exitCode !== undefined) parts.push(fmt(S.exitCode, r.exitCode));
  if (r.reason) parts.push(r.reason);
  if (r.restartCount !== undefined) parts.push(fmt(S.restartCount, r.restartCount));
  return '──────── ' + parts.join(' · ') + (r.at ? ' · ' + r.at : '') + ' ────────';
}

function rowElement(e: WireEntry, index: number): HTMLElement {
  const div = document.createElement('div');
  div.dataset.index = String(index);
  if (e.r) {
    div.className = 'row restart';
    div.textContent = restartText(e.r);
    return div;
  }
  let cls = 'row';
  if (e.e) cls += ' err';
  if (e.l) cls += ' lv lv-' + e.l;
  if (e.b) cls += ' tb tb-' + e.b;
  div.className = cls;
  if (showTs && e.s) {
    const ts = document.createElement('span');
    ts.className = 'ts';
    ts.textContent = e.s;
    div.appendChild(ts);
  }
  if (e.k) {
    const [start, end, path, line] = e.k;
    div.appendChild(document.createTextNode(e.t.slice(0, start)));
    const a = document.createElement('span');
    a.className = 'link';
    a.setAttribute('role', 'link');
    a.dataset.path = path;
    a.dataset.line = String(line);
    a.title = path + ':' + line;
    a.textContent = e.t.slice(start, end);
    div.appendChild(a);
    div.appendChild(document.createTextNode(e.t.slice(end)));
  } else div.appendChild(document.createTextNode(e.t));
  const note = cutNote(e, S);
  if (note) {
    const cut = document.createElement('span');
    cut.className = 'cut';
    cut.textContent = note;
    div.appendChild(cut);
  }
  return div;
}

function render(): void {
  frame = 0;
  const n = rows.count;
  spacer.style.height = `${n * rowH}px`;
  if (follow) viewport.scrollTop = viewport.scrollHeight;
  const top = Math.max(0, Math.floor(viewport.scrollTop / rowH) - overscan);
  const bottom = Math.min(n, Math.ceil((viewport.scrollTop + viewport.clientHeight) / rowH) + overscan);
  const frag = document.createDocumentFragment();
  for (let row = top; row < bottom; row++) {
    const index = rows.indexAt(row);
    frag.appendChild(rowElement(rows.at(index) as WireEntry, index));
  }
  rowsEl.replaceChildren(frag);
  rowsEl.style.transform = `translateY(${top * rowH}px)`;
  updateStatus();
}

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(render);
}

function updateStatus(): void {
  const tab = activeTab();
  $('empty').hidden = tabsMsg.tabs.length > 0;
  const parts: string[] = [];
  if (tab) parts.push(S[tab.state] || tab.state);
  if (tab && tab.detail) parts.push(tab.detail);
  parts.push(fmt(S.lines, rows.count));
  if (!follow && unseen > 0) parts.push(fmt(S.newLines, unseen));
  statusEl.textContent = parts.join(' · ');
  statusEl.title = tab && tab.description ? tab.description : '';
  followBtn.textContent = follow ? S.pause : S.follow;
  followBtn.setAttribute('aria-pressed', String(follow));
  const prev = tab && tab.previous;
  $('previous').toggleAttribute('disabled', !prev);
  $('lastRestart').toggleAttribute('disabled', !tab || tab.previous !== 'restartMarks');
}

function renderTabs(): void {
  const box = $('tabs');
  box.replaceChildren();
  for (const t of tabsMsg.tabs) {
    const b = document.createElement('div');
    b.className = 'tab';
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(t.id === tabsMsg.active));
    b.tabIndex = 0;
    b.title = [t.description, t.detail].filter(Boolean).join('\n');
    b.dataset.id = t.id;
    const dot = document.createElement('span');
    dot.className = 'dot ' + t.state;
    const label = document.createElement('span');
    label.textContent = t.title;
    const x = document.createElement('button');
    x.className = 'x';
    x.type = 'button';
    x.textContent = '×';
    x.title = S.close;
    x.dataset.close = t.id;
    b.append(dot, label, x);
    box.appendChild(b);
  }
}

function onEntries(m: Extract<ToWebview, { type: 'entries' }>): void {
  if (m.id !== tabsMsg.active) return;
  const anchor = follow || rows.count === 0 ? undefined : rows.indexAt(Math.floor(viewport.scrollTop / rowH));
  if (m.reset || rows.id !== m.id) {
    rows.reset(m.id, m.first, m.entries);
    unseen = 0;
    banner.hidden = true;
  } else {
    rows.append(m.entries, m.held);
    if (!follow) unseen += m.entries.length;
  }
  if (anchor !== undefined) viewport.scrollTop = rows.rowOf(anchor) * rowH;
  schedule();
}

function jumpTo(index: number): void {
  follow = false;
  viewport.scrollTop = Math.max(0, rows.rowOf(index) * rowH - rowH);
  render();
  const el = rowsEl.querySelector(`[data-index="${index}"]`);
  if (el) el.classList.add('flash');
}

function flashStatus(text: string): void {
  statusEl.textContent = text;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'tabs') {
    tabsMsg = m;
    if (rows.id !== m.active) {
      rows.reset(undefined, 0, []);
      follow = true;
      banner.hidden = true;
    }
    renderTabs();
    schedule();
  } else if (m.type === 'entries') onEntries(m);
  else if (m.type === 'view' && m.id === tabsMsg.active) {
    if (typeof m.filter === 'string') setFilter(m.filter);
    if (m.reveal === 'lastRestart') jumpToLastRestart();
    else if (m.reveal === 'previousRun') showPreviousRun();
  } else if (m.type === 'probe') {
    if (frame) {
      cancelAnimationFrame(frame);
      render();
    }
    const shown = Array.from(rowsEl.children, (c) => c.textContent || '');
    const links = Array.from(rowsEl.querySelectorAll('.link'), (a) => ({ path: a.getAttribute('data-path') ?? '', line: Number(a.getAttribute('data-line')) }));
    vscode.postMessage({ type: 'probe', token: m.token, active: tabsMsg.active, rows: rows.count, shown, links });
  }
});

viewport.addEventListener('scroll', () => {
  const atBottom = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - rowH * 1.5;
  if (atBottom !== follow) {
    follow = atBottom;
    if (follow) unseen = 0;
  }
  schedule();
});
window.addEventListener('resize', schedule);

$('tabs').addEventListener('click', (ev) => {
  const t = ev.target as HTMLElement;
  const close = t.closest('[data-close]');
  if (close) return vscode.postMessage({ type: 'close', id: close.getAttribute('data-close') ?? '' });
  const tab = t.closest('.tab');
  if (tab) vscode.postMessage({ type: 'select', id: tab.getAttribute('data-id') ?? '' });
});
$('tabs').addEventListener('keydown', (ev) => {
  const tab = (ev.target as HTMLElement).closest('.tab');
  if (tab && (ev.key === 'Enter' || ev.key === ' ')) vscode.postMessage({ type: 'select', id: tab.getAttribute('data-id') ?? '' });
  if (tab && ev.key === 'Delete') vscode.postMessage({ type: 'close', id: tab.getAttribute('data-id') ?? '' });
});

rowsEl.addEventListener('click', (ev) => {
  const link = (ev.target as HTMLElement).closest('.link');
  if (link && tabsMsg.active) {
    vscode.postMessage({ type: 'openFrame', id: tabsMsg.active, path: link.getAttribute('data-path') ?? '', line: Number(link.getAttribute('data-line')) });
  }
});

followBtn.addEventListener('click', () => {
  follow = !follow;
  if (follow) unseen = 0;
  render();
});
tsEl.addEventListener('change', () => {
  showTs = tsEl.checked;
  vscode.setState({ ...((vscode.getState() as object) || {}), timestamps: showTs });
  render();
});
let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterEl.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => setFilter(filterEl.value), 120);
});
function jumpToLastRestart(): void {
  const marks = rows.restartIndexes();
  if (marks.length === 0) return flashStatus(S.noRestart);
  rows.setRange(undefined);
  banner.hidden = true;
  jumpTo(marks[marks.length - 1]);
}
function showPreviousRun(): void {
  const tab = activeTab();
  if (!tab) return;
  if (tab.previous === 'stream') return vscode.postMessage({ type: 'previous', id: tab.id });
  const marks = rows.restartIndexes();
  if (marks.length === 0) return flashStatus(S.noRestart);
  const to = marks[marks.length - 1];
  rows.setRange({ from: marks.length > 1 ? marks[marks.length - 2] + 1 : rows.first, to });
  $('bannerText').textContent = S.previousBanner;
  banner.hidden = false;
  follow = false;
  viewport.scrollTop = 0;
  render();
}
function setFilter(text: string): void {
  filterEl.value = text;
  rows.setFilter(compileFilter(text));
  vscode.setState({ ...((vscode.getState() as object) || {}), filter: text });
  render();
}
$('lastRestart').addEventListener('click', jumpToLastRestart);
$('previous').addEventListener('click', showPreviousRun);
$('showAll').addEventListener('click', () => {
  rows.setRange(undefined);
  banner.hidden = true;
  follow = true;
  render();
});
$('document').addEventListener('click', () => {
  if (!tabsMsg.active) return;
  const f = filterEl.value.startsWith('/') ? '' : filterEl.value;
  vscode.postMessage({ type: 'openDocument', id: tabsMsg.active, timestamps: showTs, filter: f });
});

rows.setFilter(compileFilter(filterEl.value));
measure();
updateStatus();
vscode.postMessage({ type: 'ready' });
