// What scripts/bench/logPanelHost.mjs plants in the pages it measures,
// through playwright: in the log panel's webview (its inner iframe, the one
// holding #viewport and #rows), a watch that notes the wall-clock time
// (Date.now(), the clock the extension host and the Docker daemon also
// stamp with) at which a row holding a marker is in sight, a frame recorder
// (requestAnimationFrame deltas, and the work each of the panel's own frame
// callbacks does, its layout included) and the DOM's size; in the workbench
// page, the same watch on the Output view's editor (the baseline).

/** Plants the watch and the frame recorder in the webview (once per document). */
export async function instrumentWebview(frame) {
  await frame.evaluate(() => {
    if (window.__bench) return;
    const rows = document.getElementById('rows');
    const viewport = document.getElementById('viewport');
    const b = (window.__bench = { want: [], seen: {}, deltas: [], work: [], recording: false, lastInput: 0 });
    const inSight = (el) => {
      const r = el.getBoundingClientRect();
      const v = viewport.getBoundingClientRect();
      return r.bottom > v.top && r.top < v.bottom;
    };
    b.check = () => {
      if (!b.want.length) return;
      const now = Date.now();
      b.want = b.want.filter((w) => {
        const kids = Array.from(rows.children);
        const ok = w.every
          ? kids.length > 0 && kids.every((k) => k.textContent.toLowerCase().includes(w.every))
          : kids.some((k) => k.textContent.includes(w.marker) && inSight(k));
        if (ok) b.seen[w.key] = now;
        return !ok;
      });
    };
    new MutationObserver(b.check).observe(rows, { childList: true });
    // The panel asks for its frames through window.requestAnimationFrame at each call: each of its callbacks timed with the layout it causes.
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) =>
      raf((t) => {
        const t0 = performance.now();
        cb(t);
        void document.body.offsetHeight;
        if (b.recording) b.work.push(performance.now() - t0);
      });
    let last = 0;
    const tick = (t) => {
      if (b.recording && last) b.deltas.push(t - last);
      last = t;
      raf(tick);
    };
    raf(tick);
    document.getElementById('filter').addEventListener('input', () => (b.lastInput = Date.now()), true);
  });
}

/** Watches for a row holding `marker` (or, with `every`, rows all containing that text) in sight, noted under `key`. */
export const want = (frame, key, { marker, every }) => frame.evaluate(([key, marker, every]) => {
  delete window.__bench.seen[key];
  window.__bench.want.push({ key, marker, every });
  window.__bench.check();
}, [key, marker, every]);

/** When (Date.now()) what `want` watches for under `key` was in sight; waits for it, and says what the panel showed if it never came. */
export async function seenAt(frame, key, timeoutMs = 120000) {
  try {
    const h = await frame.waitForFunction((key) => window.__bench.seen[key], key, { timeout: timeoutMs, polling: 50 });
    return h.jsonValue();
  } catch (err) {
    const shown = await frame.evaluate(() => ({
      status: document.getElementById('status')?.textContent,
      tabs: Array.from(document.querySelectorAll('#tabs .tab'), (t) => `${t.textContent}${t.getAttribute('aria-selected') === 'true' ? ' (active)' : ''}`),
      lastRows: Array.from(document.getElementById('rows').children).slice(-3).map((r) => r.textContent),
      scroll: (({ scrollTop, scrollHeight, clientHeight }) => ({ scrollTop, scrollHeight, clientHeight }))(document.getElementById('viewport')),
    })).catch((e) => `unreadable: ${e.message}`);
    throw new Error(`${err.message.split('\n')[0]}; waiting for "${key}", the panel showed ${JSON.stringify(shown)}`);
  }
}

/** Starts recording frames. */
export const record = (frame) => frame.evaluate(() => Object.assign(window.__bench, { recording: true, deltas: [], work: [] }));

/** Stops recording; the frames' deltas and work (ms). */
export const stopRecording = (frame) => frame.evaluate(() => {
  window.__bench.recording = false;
  return { deltas: window.__bench.deltas, work: window.__bench.work };
});

/** Elements in the webview's document, and rows in its DOM. */
export const domSize = (frame) => frame.evaluate(() => ({ nodes: document.getElementsByTagName('*').length, rows: document.getElementById('rows').children.length }));

/**
 * Scrolls the viewport from its top to its bottom by `step` px a frame (a
 * fast drag of the scroll bar: every frame shows rows not shown before).
 */
export const scrollTopToBottom = (frame, step) => frame.evaluate((step) => new Promise((resolve) => {
  const v = document.getElementById('viewport');
  // As a drag of the scroll bar starts: the panel leaves a followed log only for the user's own scrolling.
  v.dispatchEvent(new PointerEvent('pointerdown'));
  v.scrollTop = 0;
  requestAnimationFrame(() => {
    window.__bench.recording = true;
    const go = () => {
      if (v.scrollTop + v.clientHeight >= v.scrollHeight - 1) {
        requestAnimationFrame(() => resolve(v.scrollHeight));
        return;
      }
      v.dispatchEvent(new PointerEvent('pointerdown'));
      v.scrollTop += step;
      requestAnimationFrame(go);
    };
    requestAnimationFrame(go);
  });
}), step);

/** The workbench page: watches the bottom panel's editors (the Output view) for a line holding `marker`. */
export const watchOutput = (page, marker) => page.evaluate((marker) => {
  const w = (window.__outputSeen ??= {});
  delete w[marker];
  const panel = document.querySelector('.part.panel');
  const check = () => {
    for (const lines of panel.querySelectorAll('.monaco-editor .view-lines')) {
      if (lines.textContent.replace(/\u00a0/g, ' ').includes(marker)) return (w[marker] ??= Date.now());
    }
    return undefined;
  };
  const watch = new MutationObserver(() => check() && watch.disconnect());
  watch.observe(panel, { childList: true, subtree: true, characterData: true });
  if (check()) watch.disconnect();
}, marker);

/** When (Date.now()) the Output view showed `marker`; waits for it. */
export async function outputSeenAt(page, marker, timeoutMs = 120000) {
  const h = await page.waitForFunction((marker) => window.__outputSeen[marker], marker, { timeout: timeoutMs, polling: 50 });
  return h.jsonValue();
}

/** The `k` functions with the most self time in a V8 CPU profile: [ms, "name url:line"]. */
export function topSelf(profile, k = 8) {
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const by = new Map();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    by.set(key, (by.get(key) ?? 0) + (dt.get(node.id) ?? 0));
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return { totalMs: Math.round(total), top: [...by].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => [Math.round(ms), name]) };
}

/** A CPU profile of the workbench's renderer (the webview's too when it shares it), between start and stop. */
export async function rendererProfiler(page) {
  const s = await page.context().newCDPSession(page);
  await s.send('Profiler.enable');
  await s.send('Profiler.setSamplingInterval', { interval: 1000 });
  await s.send('Profiler.start');
  return async () => {
    const { profile } = await s.send('Profiler.stop');
    await s.detach();
    return profile;
  };
}

/**
 * Where a Chromium trace's renderer main threads spent their time: self time
 * (an event's duration less its children's) summed by event name, top `k`.
 */
export function traceSelf(buffer, k = 12) {
  const events = JSON.parse(buffer.toString()).traceEvents ?? [];
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const self = new Map();
  let busy = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) parent.childDur = (parent.childDur ?? 0) + e.dur;
      else busy += e.dur;
      stack.push(e);
    }
    for (const e of list) self.set(e.name, (self.get(e.name) ?? 0) + e.dur - (e.childDur ?? 0));
  }
  return { busyMs: Math.round(busy / 1000), threads: byThread.size, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => [Math.round(us / 1000), name]) };
}
