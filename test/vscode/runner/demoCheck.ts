// Checks `npm run demo` the way a person uses it: runs scripts/demo.mjs, opens
// the address it prints in Chromium, clicks the Azure ML Deployments icon,
// opens score.py, saves .test-artifacts/demo.png, then presses "Ctrl-C"
// (SIGINT) and expects the demo to stop cleanly.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostTestResult } from '../index';
import { openWorkbench, type Workbench } from './browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the extension host logs under `dir` say about activating the extension. */
function activationLog(dir: string): { activated: boolean; failure?: string } {
  const id = 'azureml-debug.azureml-deployment-debugger';
  const state: { activated: boolean; failure?: string } = { activated: false };
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('exthost.log')) {
        const lines = fs.readFileSync(p, 'utf8').split('\n');
        if (lines.some((l) => l.includes(`_doActivateExtension ${id}`))) state.activated = true;
        const i = lines.findIndex((l) => l.includes(`Activating extension ${id} failed`));
        if (i >= 0) state.failure = lines.slice(i, i + 6).join('\n');
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return state;
}

/** Opens `file` through Ctrl-P quick open, as a person would (retried: the first keys can land before the workbench has focus). */
async function openWithQuickOpen(page: Page, file: string): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: file }).first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.locator('.part.editor').click({ position: { x: 300, y: 300 } });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ timeout: 10000 });
      await input.fill(file);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 20000 });
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 10000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Waits until the view has settled: no progress bar, and tree rows (or, with
 * no service at all, the welcome text) showing. The welcome text flashes
 * before the tree's first load, so it only counts once loading is over.
 */
async function waitForViewContent(page: Page, log: fs.WriteStream): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  let settled = 0;
  for (let i = 0; i < 60 && settled < 3; i++) {
    const loading = await sidebar.locator('.monaco-progress-container.active').count();
    const rows = await sidebar.locator('.monaco-list-row').filter({ visible: true }).count();
    const welcome = await sidebar.locator('.welcome-view-content').filter({ visible: true }).count();
    settled = loading === 0 && rows + welcome > 0 ? settled + 1 : 0;
    await sleep(500);
  }
  if (settled < 3) log.write('[demo] the view had not settled after 30 s; taking the picture anyway\n');
}

/** Runs the demo check; never throws, the outcome is the returned result. */
export async function checkDemo(root: string, scratch: string, artifacts: string, log: fs.WriteStream): Promise<HostTestResult> {
  const title = 'demo: `npm run demo` opens the sample in code-server with the extension active';
  const demoDir = path.join(scratch, 'demo');
  const demo = spawn(process.execPath, [path.join(root, 'scripts/demo.mjs')], {
    cwd: root,
    env: { ...process.env, AZUREML_DEBUG_DEMO_DIR: demoDir, AZUREML_DEBUG_DEMO_CODE_SERVER: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  demo.stdout.on('data', (b: Buffer) => (out += b.toString()));
  demo.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | string>((r) => demo.once('exit', (code, sig) => r(code ?? sig ?? 'unknown')));
  let bench: Workbench | undefined;
  try {
    const deadline = Date.now() + 300000;
    let url: string | undefined;
    while (!url) {
      url = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?\S+)\s*$/m.exec(out)?.[1];
      if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}) before printing an address`);
      if (Date.now() > deadline) throw new Error('the demo printed no address within 300 s');
      await sleep(200);
    }
    bench = await openWorkbench(url, log, { ...process.env, HOME: path.join(demoDir, 'home') });
    const page = bench.page;
    const icon = page.getByRole('tab', { name: /Azure ML Deployments/ });
    await icon.waitFor({ timeout: 60000 });
    await icon.click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText(/Azure ML Deployments/i).first().waitFor({ timeout: 20000 });
    await openWithQuickOpen(page, 'score.py');
    // Opening the view (or score.py) activates the extension; its host log says whether it worked.
    const logs = path.join(demoDir, 'user-data', 'logs');
    let state = activationLog(logs);
    for (let i = 0; i < 60 && !state.activated; i++) {
      await sleep(500);
      state = activationLog(logs);
    }
    await waitForViewContent(page, log);
    await sleep(1000);
    await page.screenshot({ path: path.join(artifacts, 'demo.png') });
    state = activationLog(logs);
    if (!state.activated) throw new Error(`the extension host logs under ${logs} show no activation of the extension`);
    if (state.failure) throw new Error(`the extension failed to activate in the demo:\n${state.failure}`);
    await bench.close();
    bench = undefined;
    process.kill(demo.pid!, 'SIGINT');
    const code = await Promise.race([exited, sleep(20000).then(() => 'still running 20 s after SIGINT')]);
    if (code !== 0) throw new Error(`the demo did not stop cleanly on Ctrl-C: ${code}`);
    console.log(`  [host] ok   ${title}`);
    return { title, state: 'passed' };
  } catch (err) {
    log.write(`[demo] output:\n${out}\n`);
    await bench?.page.screenshot({ path: path.join(artifacts, 'demo-failure.png') }).catch(() => undefined);
    return { title, state: 'failed', error: `${(err as Error).stack ?? String(err)}\n--- demo output ---\n${out}` };
  } finally {
    await bench?.close();
    if (demo.exitCode === null && demo.signalCode === null) {
      try {
        process.kill(demo.pid!, 'SIGINT');
        await Promise.race([exited, sleep(10000)]);
        process.kill(-demo.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
