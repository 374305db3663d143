// Benchmark: the log panel on hostile output (issue 17), against plain lines in
// the same run. Each input goes the panel's whole way: chunks cut at arbitrary
// byte positions -> LogTab's buffer (append) -> the messages the panel posts
// (LogView.take: the rows in sight and a margin, + the JSON VS Code sends) ->
// the webview script itself (dist/webview/logPanel.js) in headless Chromium,
// which takes each message and renders the rows in sight. Reports the total and the longest single step on
// each side: one append, one message built, one message taken in, one frame.
// Inputs: one 1 MB line without a newline (then 1,000 lines), 100,000 lines
// full of ANSI escapes (test/unit/core/logs/hostileOutput.ts, as the unit tests
// use), and the baseline: 100,000 plain log lines. Each runs `rounds` times
// (default 2) and each time is the best of its rounds: the machine is shared,
// and a pause of someone else's is not the panel's.
// Run alone: node scripts/bench/logPanel.mjs [rounds]   (default export run()).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

export const title = 'Log panel on a 1 MB line and 100,000 ANSI lines (against 100,000 plain lines)';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));

/** The tab, its wire form and the hostile inputs, compiled on the fly (esbuild). */
async function loadCore() {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    stdin: {
      contents: [
        "export { LogTab } from './src/logs/logTab';",
        "export { LogView } from './src/logs/logView';",
        "export * as wire from './src/logs/logWire';",
        "export { ansiFlood, chunksOf, hugeLine, stamp } from './test/unit/core/logs/hostileOutput';",
      ].join('\n'),
      resolveDir: repo,
      loader: 'ts',
    },
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-logpanel-'));
  const file = join(dir, 'core.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return require(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x) => Math.round(x * 10) / 10;

/** The rounds' figures with each number the smallest of its rounds (counts and sizes are the same in each). */
function best(runs) {
  const walk = (xs) => (typeof xs[0] === 'number' ? Math.min(...xs) : Object.fromEntries(Object.keys(xs[0]).map((k) => [k, walk(xs.map((x) => x[k]))])));
  return walk(runs);
}
const now = () => performance.now();

/**
 * The extension side: chunks into a tab, and every `perFlush` chunks (a 50 ms
 * timer's worth of a fast stream) the panel's flush: the message of the rows
 * in a 33-row sight, following, through the filter when one is set.
 */
function hostSide(core, text, seed, { filter, perFlush = 16 } = {}) {
  const { LogTab, LogView, chunksOf } = core;
  const sinks = [];
  const source = { id: 'bench', title: 'bench', open: (_o, s) => (sinks.push(s), { dispose() {} }) };
  const tab = new LogTab(source, { capacity: 50_000 }, () => undefined);
  tab.start();
  // The quick read of the last lines, opened first: an empty log has none.
  const sink = sinks[sinks.length - 1];
  if (sinks.length > 1) sinks[0].end();
  const view = new LogView();
  view.attach(tab);
  view.viewport(0, 33, true, undefined);
  if (filter) view.setFilter(filter);
  const messages = [];
  let maxAppend = 0;
  let maxMessage = 0;
  let maxMessageChars = 0;
  const flush = () => {
    const t0 = now();
    view.changed();
    const m = view.take(['/var/azureml-app']);
    if (!m) return;
    const json = JSON.stringify(m);
    maxMessage = Math.max(maxMessage, now() - t0);
    maxMessageChars = Math.max(maxMessageChars, json.length);
    messages.push(json);
  };
  const chunks = chunksOf(text, seed, 65536);
  const t0 = now();
  chunks.forEach((c, i) => {
    const a = now();
    sink.data({ text: c, stream: 'stdout' });
    maxAppend = Math.max(maxAppend, now() - a);
    if ((i + 1) % perFlush === 0) flush();
  });
  sink.end();
  flush();
  const total = now() - t0;
  // A tab switch, and a scroll to the top: the webview gets the rows there.
  const before = messages.length;
  const r0 = now();
  view.attach(tab);
  view.viewport(0, 33, false, undefined);
  flush();
  const resend = messages.slice(before);
  return {
    stream: messages.slice(0, before),
    resend,
    facts: {
      chunks: chunks.length,
      entries: tab.buffer.length,
      totalMs: ms(total),
      maxAppendMs: ms(maxAppend),
      maxMessageMs: ms(maxMessage),
      messages: before,
      maxMessageKiB: Math.round(maxMessageChars / 1024),
      resendMs: ms(now() - r0),
      resendMessages: resend.length,
    },
  };
}

const page = (css, js) => `<!DOCTYPE html><html><head><style>${css}</style></head>
<body data-strings="${JSON.stringify({ pause: 'Pause', follow: 'Follow', lines: '{0} lines', live: 'live', cut: '{0} of {1} characters shown', continues: 'goes on in the next row' }).replace(/"/g, '&quot;')}">
<div id="tabs"></div><div id="toolbar"><button id="follow"></button><input id="timestamps" type="checkbox"><input id="filter"><button id="lastRestart"></button><button id="previous"></button><button id="document"></button><span id="status"></span></div>
<div id="banner" hidden><span id="bannerText"></span><button id="showAll"></button></div>
<div id="viewport" tabindex="0"><div id="spacer"></div><div id="rows"></div></div><div id="empty"></div>
<script>
window.__frames = [];
window.acquireVsCodeApi = () => ({ postMessage() {}, getState: () => ({}), setState() {} });
const raf = window.requestAnimationFrame.bind(window);
// Each frame timed with the layout it causes (forced here, so it counts).
window.requestAnimationFrame = (cb) => raf((t) => { const t0 = performance.now(); cb(t); void document.body.offsetHeight; __frames.push(performance.now() - t0); });
</script><script>${js}</script></body></html>`;

/** The webview side: the messages taken in one task each, a frame after each. */
async function webviewSide(browser, css, js, messages, { scrollTop } = {}) {
  const p = await browser.newPage({ viewport: { width: 1200, height: 600 } });
  try {
    await p.setContent(page(css, js));
    await p.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'tabs', tabs: [{ id: 'bench', title: 'bench', state: 'live', isPrevious: false }], active: 'bench' } })));
    await p.evaluate(() => (window.__frames.length = 0));
    let maxTake = 0;
    for (const m of messages) {
      const took = await p.evaluate((text) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(text) }));
        return performance.now() - t0;
      }, m);
      maxTake = Math.max(maxTake, took);
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
    if (scrollTop !== undefined) {
      await p.evaluate((top) => { const v = document.getElementById('viewport'); v.scrollTop = top; v.dispatchEvent(new Event('scroll')); }, scrollTop);
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    }
    const s = await p.evaluate(() => ({ frames: window.__frames, dom: document.getElementById('rows').textContent.length }));
    return { maxTakeMs: ms(maxTake), maxFrameMs: ms(Math.max(0, ...s.frames)), framesMs: ms(s.frames.reduce((a, b) => a + b, 0)), domChars: s.dom };
  } finally {
    await p.close();
  }
}

/** Runs the benchmark and returns its figures. Needs Chromium (scripts/setup/codeserver.sh installs it). */
export default async function run({ rounds = 2, log = console.log } = {}) {
  const core = await loadCore();
  const plain = Array.from({ length: 100_000 }, (_, i) => `${core.stamp(i)} 2026-11-23 18:37:45,091 | root | INFO | scored request ${i} in 1.2 ms (batch of 4 rows)\n`).join('');
  const inputs = {
    plain,
    hugeLine: `${core.stamp(0)} ${core.hugeLine(1 << 20).raw}${Array.from({ length: 1000 }, (_, i) => `\n${core.stamp(i + 1)} after ${i}`).join('')}\n`,
    ansi: core.ansiFlood(100_000),
  };
  const dist = join(repo, 'dist', 'webview', 'logPanel.js');
  if (!existsSync(dist) && existsSync(join(repo, 'src', 'logs', 'webview'))) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  // A tree from before the bundled webview (to compare against) has its script in media/.
  const js = readFileSync(existsSync(dist) ? dist : join(repo, 'media', 'logPanel.js'), 'utf8');
  const css = readFileSync(join(repo, 'media', 'logPanel.css'), 'utf8');
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.AZUREML_DEBUG_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const result = {};
  try {
    for (const [name, text] of Object.entries(inputs)) {
      const runs = [];
      for (let r = 0; r < rounds; r++) {
        const host = hostSide(core, text, 42);
        const streamed = await webviewSide(browser, css, js, host.stream);
        // The long line's rows in sight (they sit above the 1,000 lines after it).
        const inSight = name === 'hugeLine' ? await webviewSide(browser, css, js, host.resend, { scrollTop: 0 }) : undefined;
        // Filtered in the extension, as the panel does: the webview is sent the matching rows.
        const filtered = name === 'hugeLine' ? undefined : await webviewSide(browser, css, js, hostSide(core, text, 42, { filter: 'request 7' }).stream);
        runs.push({ host: host.facts, webview: { streamed, ...(inSight && { longRowsInSight: inSight }), ...(filtered && { streamedFiltered: filtered }) } });
      }
      result[name] = best(runs);
      const h = result[name].host;
      log(`${name}: ${text.length.toLocaleString('en')} chars in ${h.chunks} chunks -> ${h.entries.toLocaleString('en')} entries (best of ${rounds})`);
      log(`  host: ${h.totalMs} ms in all; longest append ${h.maxAppendMs} ms; ${h.messages} messages, longest to build ${h.maxMessageMs} ms, largest ${h.maxMessageKiB} KiB; a tab switch to the top ${h.resendMs} ms in ${h.resendMessages} messages`);
      for (const [k, w] of Object.entries(result[name].webview)) log(`  webview ${k}: longest message taken in ${w.maxTakeMs} ms, longest frame ${w.maxFrameMs} ms (${w.framesMs} ms of frames), ${w.domChars.toLocaleString('en')} chars in the DOM`);
    }
  } finally {
    await browser.close();
  }
  // Ratios against plain lines in this run: 1 means "as cheap as a normal log".
  const worst = (r) => Math.max(r.host.maxAppendMs, r.host.maxMessageMs, ...Object.values(r.webview).flatMap((w) => [w.maxTakeMs, w.maxFrameMs]));
  for (const name of ['hugeLine', 'ansi']) {
    result[name].longestStepMs = ms(worst(result[name]));
    result[name].longestStepVsPlain = ms(worst(result[name]) / worst(result.plain));
    result[name].hostTotalVsPlain = ms(result[name].host.totalMs / result.plain.host.totalMs);
    log(`${name}: longest single step ${result[name].longestStepMs} ms (${result[name].longestStepVsPlain}x plain lines'); host total ${result[name].hostTotalVsPlain}x plain`);
  }
  result.plain.longestStepMs = ms(worst(result.plain));
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ rounds: Number(process.argv[2] ?? 2) }).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
