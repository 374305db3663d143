// Opens the code-server workbench in Debian's headless Chromium through
// playwright-core: without a browser, code-server starts no extension host.
import * as fs from 'node:fs';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { progressMarker } from '../progressMarker';

/** Flags that keep Chromium quiet and working as root in a container. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with one page; close() ends both. */
export interface Workbench {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches Chromium, opens `url` and copies the page's console (where the
 * extension host's console.log shows) to `log`; the suites' progress lines
 * are echoed to stdout and handed to `onProgress`.
 */
export async function openWorkbench(url: string, log: fs.WriteStream, env: NodeJS.ProcessEnv, onProgress?: (line: string) => void): Promise<Workbench> {
  const executablePath = process.env.AZUREML_DEBUG_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: run scripts/setup/codeserver.sh`);
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs, env: env as Record<string, string> });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    const text = m.text();
    log.write(`[page ${m.type()}] ${text}\n`);
    // The suites' one-line progress (test/vscode/index.ts), shown live.
    const at = text.indexOf(progressMarker);
    if (at >= 0) {
      const line = text.slice(at + progressMarker.length + 1);
      console.log(`  [host] ${line}`);
      onProgress?.(line);
    }
  });
  page.on('pageerror', (e) => log.write(`[page error] ${e.stack ?? e.message}\n`));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    await browser.close().catch(() => undefined);
  };
  return { browser, context, page, close };
}

/**
 * The log panel's webview: the frame (nested in the webview's iframes) whose
 * document holds its rows and filter box, once its script has started (it
 * reads its strings from the body). The host tier's runner types and scrolls
 * in it; the bench measures in it.
 */
export async function logPanelFrame(page: Page, timeoutMs = 10000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const ready = await frame
        .evaluate(() => !!(document.getElementById('rows') && document.getElementById('viewport') && document.getElementById('filter') && document.body.dataset.strings))
        .catch(() => false);
      if (ready) return frame;
    }
    if (Date.now() > deadline) throw new Error('no log panel webview on the page');
    await page.waitForTimeout(50);
  }
}
