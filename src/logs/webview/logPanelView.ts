// The log panel's webview (bundled to dist/webview/logPanel.js): says what it
// looks at (the top row, how many rows fit, whether it follows the newest)
// and is sent those rows and a margin around them by src/logs/logPanel.ts;
// the extension filters and holds the log. The scroll bar spans every row
// (a spacer as tall as all of them); rows not yet sent show empty until they
// come. A row shows at most rowChars of its line.
// Message shapes: src/logs/logWire.ts. Runs in the browser: no vscode, no node.
import type { FromWebview, ToWebview, WireEntry, WireRows, WireTab } from '../logWire';
import { cutNote } from './cutNote';
import { UserScroll } from './userScroll';

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
// Rows built beyond the sight: the DOM is rebuilt on every scroll frame anyway,
// so a few for a partly visible row at each edge; the margin of rows the
// extension sends is what makes a scroll show rows at once.
const overscan = 2;

const saved = (vscode.getState() || {}) as { timestamps?: boolean; filter?: string };
let tabsMsg: { tabs: WireTab[]; active?: string } = { tabs: [] };
/** The active tab's rows as last sent: how many there are, and those in and around sight. */
type RowWindow = Pick<WireRows, 'id' | 'count' | 'from' | 'rows' | 'indexes' | 'range' | 'loading'>;
const noRows = (id: string): RowWindow => ({ id, count: 0, from: 0, rows: [], indexes: [], range: false, loading: false });
let win = noRows('');
let follow = true;
/** Rows there were when following stopped: what came since is "new". */
let pausedAt = 0;
let showTs = !!saved.timestamps;
let rowH = 18;
let frame = 0;
/** The viewport last said to the extension. */
let said = '';
let flashIndex: number | undefined;
/** Where this script last scrolled to itself. */
let setAt = -1;
/** Whether a scroll is the user's (./userScroll.ts). */
const userScroll = new UserScroll();
/** A word for the status line that outlives the renders of the next few seconds (a live log renders often). */
let notice = { text: '', until: 0 };

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

/** Tells the extension what is in sight, when that changed. */
function sayViewport(top: number, sight: number): void {
  const id = tabsMsg.active;
  if (!id) return;
  const row = top - win.from;
  const anchor = !follow && row >= 0 && row < win.indexes.length ? win.indexes[row] : undefined;
  const key = follow ? `${id} follow ${sight}` : `${id} ${top} ${sight}`;
  if (key === said) return;
  said = key;
  vscode.postMessage({ type: 'viewport', id, top, rows: sight, follow, anchor });
}

function render(): void {
  frame = 0;
  const n = win.count;
  spacer.style.height = `${n * rowH}px`;
  if (follow) setTop(viewport.scrollHeight);
  const sight = Math.max(1, Math.ceil(viewport.clientHeight / rowH));
  const first = Math.floor(viewport.scrollTop / rowH);
  const top = Math.max(0, first - overscan);
  const bottom = Math.min(n, first + sight + overscan);
  const frag = document.createDocumentFragment();
  for (let row = top; row < bottom; row++) {
    const i = row - win.from;
    const e = i >= 0 && i < win.rows.length ? win.rows[i] : undefined;
    if (e) frag.appendChild(rowElement(e, win.indexes[i]));
    else {
      // Not sent yet: an empty row keeps the place until it comes.
      const div = document.createElement('div');
      div.className = 'row pending';
      frag.appendChild(div);
    }
  }
  rowsEl.replaceChildren(frag);
  rowsEl.style.transform = `translateY(${top * rowH}px)`;
  if (flashIndex !== undefined) {
    const el = rowsEl.querySelector(`[data-index="${flashIndex}"]`);
    if (el) {
      el.classList.add('flash');
      flashIndex = undefined;
    }
  }
  updateStatus();
  sayViewport(Math.min(first, Math.max(0, n - 1)), sight);
}

/** Scrolls from this script (following, or a jump the extension asked for). */
function setTop(px: number): void {
  viewport.scrollTop = px;
  setAt = viewport.scrollTop;
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
  if (Date.now() < notice.until) parts.unshift(notice.text);
  parts.push(fmt(S.lines, win.count));
  if (win.loading) parts.push(S.loading);
  if (!follow && win.count > pausedAt) parts.push(fmt(S.newLines, win.count - pausedAt));
  statusEl.textContent = parts.join(' · ');
  statusEl.title = tab && tab.description ? tab.description : '';
  followBtn.textContent = follow ? S.pause : S.follow;
  followBtn.setAttribute('aria-pressed', String(follow));
  const prev = tab && tab.previous;
  $('previous').toggleAttribute('disabled', !prev);
  $('lastRestart').toggleAttribute('disabled', !tab || tab.previous !== 'restartMarks');
  banner.hidden = !win.range;
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

function setFollow(on: boolean): void {
  if (on === follow) return;
  follow = on;
  pausedAt = win.count;
}

function onRows(m: WireRows): void {
  if (m.id !== tabsMsg.active) return;
  win = m;
  // The scroll range first: a top past the old one would be clamped to it.
  spacer.style.height = `${m.count * rowH}px`;
  if (m.follow !== undefined) setFollow(m.follow);
  if (m.top !== undefined) setTop(m.top * rowH);
  if (m.flash !== undefined) flashIndex = m.flash;
  // At the next frame: messages that come faster than frames are drawn once.
  schedule();
  if (m.notice) flashStatus(S.noRestart);
}

function flashStatus(text: string): void {
  notice = { text, until: Date.now() + 4000 };
  updateStatus();
}

/** The filter text last sent to the extension, or set by it. */
let sentFilter = filterEl.value;

/** The extension's word on the filter box: its text (a command set it, or the box's own text coming back) and whether it compiles. */
function setFilterBox(text: string, invalid: boolean): void {
  // Keys typed since the last text was sent win over an older text coming back: it would undo them.
  if (filterEl.value !== sentFilter) return;
  filterEl.value = sentFilter = text;
  filterEl.classList.toggle('invalid', invalid);
  vscode.setState({ ...((vscode.getState() as object) || {}), filter: text });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'tabs') {
    const switched = tabsMsg.active !== m.active;
    tabsMsg = m;
    if (switched) {
      userScroll.shownAnother();
      win = noRows(m.active ?? '');
      follow = true;
      pausedAt = 0;
      said = '';
    }
    renderTabs();
    schedule();
  } else if (m.type === 'rows') onRows(m);
  else if (m.type === 'filter') setFilterBox(m.text, m.invalid);
  else if (m.type === 'probe') {
    if (frame) {
      cancelAnimationFrame(frame);
      render();
    }
    const shown = Array.from(rowsEl.children, (c) => c.textContent || '').filter((t) => t !== '');
    const links = Array.from(rowsEl.querySelectorAll('.link'), (a) => ({ path: a.getAttribute('data-path') ?? '', line: Number(a.getAttribute('data-line')) }));
    vscode.postMessage({ type: 'probe', token: m.token, active: tabsMsg.active, rows: win.count, shown, links, follow });
  }
});

for (const type of ['wheel', 'keydown', 'pointerdown', 'touchstart']) {
  viewport.addEventListener(type, () => userScroll.input(Date.now()), { passive: true });
}
viewport.addEventListener('scroll', () => {
  // The scroll this script made is rendered already: a second render per message would double the work while following.
  if (viewport.scrollTop === setAt) return;
  if (follow && !userScroll.isUsers(Date.now())) {
    schedule(); // not the user's: stay with the newest row
    return;
  }
  const atBottom = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - rowH * 1.5;
  setFollow(atBottom);
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
  setFollow(!follow);
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
  // A short pause after a key: the extension filters the whole buffer for each text it is sent.
  filterTimer = setTimeout(() => {
    sentFilter = filterEl.value;
    vscode.setState({ ...((vscode.getState() as object) || {}), filter: sentFilter });
    vscode.postMessage({ type: 'filter', text: sentFilter });
  }, 60);
});
const reveal = (what: 'lastRestart' | 'previousRun' | 'all') => tabsMsg.active && vscode.postMessage({ type: 'reveal', id: tabsMsg.active, reveal: what });
$('lastRestart').addEventListener('click', () => reveal('lastRestart'));
$('previous').addEventListener('click', () => reveal('previousRun'));
$('showAll').addEventListener('click', () => reveal('all'));
$('document').addEventListener('click', () => {
  if (tabsMsg.active) vscode.postMessage({ type: 'openDocument', id: tabsMsg.active, timestamps: showTs });
});

$('bannerText').textContent = S.previousBanner;
setFilterBox(filterEl.value, false);
measure();
updateStatus();
vscode.postMessage({ type: 'ready', filter: filterEl.value });
