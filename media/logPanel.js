// The log panel's webview: keeps a copy of the active tab's entries (sent in
// batches by src/logs/logPanel.ts) and puts only the rows in sight into the
// DOM, so a burst of 100,000 lines costs one array push each, not a node each.
// Message shapes: src/logs/logWire.ts.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const S = JSON.parse(document.body.dataset.strings || '{}');
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const viewport = $('viewport');
  const spacer = $('spacer');
  const rowsEl = $('rows');
  const filterEl = /** @type {HTMLInputElement} */ ($('filter'));
  const tsEl = /** @type {HTMLInputElement} */ ($('timestamps'));
  const followBtn = $('follow');
  const statusEl = $('status');
  const banner = $('banner');
  const overscan = 20;

  const saved = vscode.getState() || {};
  /** @type {{tabs: any[], active?: string}} */
  let tabsMsg = { tabs: [] };
  /** The active tab's copy: entries[i] has absolute index first + i. */
  let mirror = { id: undefined, first: 0, entries: [] };
  /** Absolute indexes shown (after filter and range), or null: all. */
  let shown = null;
  let dirty = true;
  let follow = true;
  let unseen = 0;
  let showTs = !!saved.timestamps;
  let filter = null;
  /** Restrict to [from, to) absolute indexes: "Previous run" of a shared log. */
  let range = null;
  let rowH = 18;
  let frame = 0;

  tsEl.checked = showTs;
  filterEl.value = saved.filter || '';

  const fmt = (template, value) => String(template).replace('{0}', String(value));

  function measure() {
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

  function compileFilter(text) {
    filterEl.classList.remove('invalid');
    if (!text) return null;
    const m = /^\/(.+)\/([a-z]*)$/.exec(text);
    if (m) {
      try {
        const re = new RegExp(m[1], m[2].includes('i') ? m[2] : m[2] + 'i');
        return (t) => re.test(t);
      } catch {
        filterEl.classList.add('invalid');
        return null;
      }
    }
    const needle = text.toLowerCase();
    return (t) => t.toLowerCase().includes(needle);
  }

  function activeTab() {
    return tabsMsg.tabs.find((t) => t.id === tabsMsg.active);
  }

  /** Rebuilds the list of shown indexes from the filter and the range. */
  function rebuild() {
    dirty = false;
    if (!filter && !range) {
      shown = null;
      return;
    }
    const out = [];
    const { first, entries } = mirror;
    const from = range ? Math.max(range.from, first) : first;
    const to = range ? Math.min(range.to, first + entries.length) : first + entries.length;
    for (let i = from; i < to; i++) {
      const e = entries[i - first];
      if (!filter || e.r || filter(e.t)) out.push(i);
    }
    shown = out;
  }

  const count = () => (shown ? shown.length : mirror.entries.length);
  const indexAt = (row) => (shown ? shown[row] : mirror.first + row);
  function rowOf(index) {
    if (!shown) return index - mirror.first;
    let lo = 0;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function restartText(r) {
    const parts = [S.restarted];
    if (r.exitCode !== undefined) parts.push(fmt(S.exitCode, r.exitCode));
    if (r.reason) parts.push(r.reason);
    if (r.restartCount !== undefined) parts.push(fmt(S.restartCount, r.restartCount));
    return '──────── ' + parts.join(' · ') + (r.at ? ' · ' + r.at : '') + ' ────────';
  }

  function rowElement(e, index) {
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
    return div;
  }

  function render() {
    frame = 0;
    if (dirty) rebuild();
    const n = count();
    spacer.style.height = `${n * rowH}px`;
    if (follow) viewport.scrollTop = viewport.scrollHeight;
    const top = Math.max(0, Math.floor(viewport.scrollTop / rowH) - overscan);
    const bottom = Math.min(n, Math.ceil((viewport.scrollTop + viewport.clientHeight) / rowH) + overscan);
    const frag = document.createDocumentFragment();
    for (let row = top; row < bottom; row++) {
      const index = indexAt(row);
      frag.appendChild(rowElement(mirror.entries[index - mirror.first], index));
    }
    rowsEl.replaceChildren(frag);
    rowsEl.style.transform = `translateY(${top * rowH}px)`;
    updateStatus();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function updateStatus() {
    const tab = activeTab();
    $('empty').hidden = tabsMsg.tabs.length > 0;
    const parts = [];
    if (tab) parts.push(S[tab.state] || tab.state);
    if (tab && tab.detail) parts.push(tab.detail);
    parts.push(fmt(S.lines, count()));
    if (!follow && unseen > 0) parts.push(fmt(S.newLines, unseen));
    statusEl.textContent = parts.join(' · ');
    statusEl.title = tab && tab.description ? tab.description : '';
    followBtn.textContent = follow ? S.pause : S.follow;
    followBtn.setAttribute('aria-pressed', String(follow));
    const prev = tab && tab.previous;
    $('previous').toggleAttribute('disabled', !prev);
    $('lastRestart').toggleAttribute('disabled', !tab || tab.previous !== 'restartMarks');
  }

  function renderTabs() {
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

  /** Keeps the copy no longer than twice the buffer's size, dropping the oldest. */
  function trim(capacity) {
    const extra = mirror.entries.length - capacity;
    if (extra > capacity / 4) {
      mirror.entries.splice(0, extra);
      mirror.first += extra;
      dirty = true;
    }
  }

  function onEntries(m) {
    if (m.id !== tabsMsg.active) return;
    const anchor = follow || count() === 0 ? undefined : indexAt(Math.floor(viewport.scrollTop / rowH));
    if (m.reset || mirror.id !== m.id) {
      mirror = { id: m.id, first: m.first, entries: m.entries };
      unseen = 0;
      range = null;
      banner.hidden = true;
    } else {
      for (const e of m.entries) mirror.entries.push(e);
      if (!follow) unseen += m.entries.length;
    }
    trim(Math.max(1000, m.capacity || 50000));
    if (filter || range) dirty = true;
    if (anchor !== undefined) {
      if (dirty) rebuild();
      viewport.scrollTop = rowOf(anchor) * rowH;
    }
    schedule();
  }

  function jumpTo(index) {
    follow = false;
    if (dirty) rebuild();
    viewport.scrollTop = Math.max(0, rowOf(index) * rowH - rowH);
    render();
    const el = rowsEl.querySelector(`[data-index="${index}"]`);
    if (el) el.classList.add('flash');
  }

  function restartIndexes() {
    const out = [];
    mirror.entries.forEach((e, i) => e.r && out.push(mirror.first + i));
    return out;
  }

  function flashStatus(text) {
    statusEl.textContent = text;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'tabs') {
      tabsMsg = m;
      if (mirror.id !== m.active) {
        mirror = { id: undefined, first: 0, entries: [] };
        dirty = true;
        follow = true;
        range = null;
        banner.hidden = true;
      }
      renderTabs();
      schedule();
    } else if (m.type === 'entries') onEntries(m);
    else if (m.type === 'view' && m.id === tabsMsg.active) {
      if (typeof m.filter === 'string') setFilter(m.filter);
      if (m.reveal === 'lastRestart') jumpToLastRestart();
      else if (m.reveal === 'previousRun') showPreviousRun();
    }
    else if (m.type === 'probe') {
      if (frame) {
        cancelAnimationFrame(frame);
        render();
      }
      const shownText = [...rowsEl.children].map((c) => c.textContent || '');
      const links = [...rowsEl.querySelectorAll('.link')].map((a) => ({ path: a.getAttribute('data-path'), line: Number(a.getAttribute('data-line')) }));
      vscode.postMessage({ type: 'probe', token: m.token, active: tabsMsg.active, rows: count(), shown: shownText, links });
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
    const t = /** @type {HTMLElement} */ (ev.target);
    const close = t.closest('[data-close]');
    if (close) return vscode.postMessage({ type: 'close', id: close.getAttribute('data-close') });
    const tab = t.closest('.tab');
    if (tab) vscode.postMessage({ type: 'select', id: tab.getAttribute('data-id') });
  });
  $('tabs').addEventListener('keydown', (ev) => {
    const tab = /** @type {HTMLElement} */ (ev.target).closest('.tab');
    if (tab && (ev.key === 'Enter' || ev.key === ' ')) vscode.postMessage({ type: 'select', id: tab.getAttribute('data-id') });
    if (tab && ev.key === 'Delete') vscode.postMessage({ type: 'close', id: tab.getAttribute('data-id') });
  });

  rowsEl.addEventListener('click', (ev) => {
    const link = /** @type {HTMLElement} */ (ev.target).closest('.link');
    if (link && tabsMsg.active) {
      vscode.postMessage({ type: 'openFrame', id: tabsMsg.active, path: link.getAttribute('data-path'), line: Number(link.getAttribute('data-line')) });
    }
  });

  followBtn.addEventListener('click', () => {
    follow = !follow;
    if (follow) unseen = 0;
    render();
  });
  tsEl.addEventListener('change', () => {
    showTs = tsEl.checked;
    vscode.setState({ ...(vscode.getState() || {}), timestamps: showTs });
    render();
  });
  let filterTimer = 0;
  filterEl.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => setFilter(filterEl.value), 120);
  });
  function jumpToLastRestart() {
    const marks = restartIndexes();
    if (marks.length === 0) return flashStatus(S.noRestart);
    range = null;
    banner.hidden = true;
    dirty = true;
    jumpTo(marks[marks.length - 1]);
  }
  function showPreviousRun() {
    const tab = activeTab();
    if (!tab) return;
    if (tab.previous === 'stream') return vscode.postMessage({ type: 'previous', id: tab.id });
    const marks = restartIndexes();
    if (marks.length === 0) return flashStatus(S.noRestart);
    const to = marks[marks.length - 1];
    range = { from: marks.length > 1 ? marks[marks.length - 2] + 1 : mirror.first, to };
    $('bannerText').textContent = S.previousBanner;
    banner.hidden = false;
    dirty = true;
    follow = false;
    viewport.scrollTop = 0;
    render();
  }
  function setFilter(text) {
    filterEl.value = text;
    filter = compileFilter(text);
    vscode.setState({ ...(vscode.getState() || {}), filter: text });
    dirty = true;
    render();
  }
  $('lastRestart').addEventListener('click', jumpToLastRestart);
  $('previous').addEventListener('click', showPreviousRun);
  $('showAll').addEventListener('click', () => {
    range = null;
    banner.hidden = true;
    dirty = true;
    follow = true;
    render();
  });
  $('document').addEventListener('click', () => {
    if (!tabsMsg.active) return;
    const f = filterEl.value.startsWith('/') ? '' : filterEl.value;
    vscode.postMessage({ type: 'openDocument', id: tabsMsg.active, timestamps: showTs, filter: f });
  });

  filter = compileFilter(filterEl.value);
  measure();
  updateStatus();
  vscode.postMessage({ type: 'ready' });
})();
