// The runner's side of test/vscode/screenshot.ts: watches the request folder,
// takes a screenshot of the page for each request, reads or clicks the
// notification toasts a person sees, reads which steps of the open
// walkthrough are checked, types into the log panel's filter box or turns
// the mouse wheel over its rows, and answers with a done file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TypingStep } from '../screenshot';
import { logPanelFrame } from './browser';

/** Serves screenshot requests until the returned function is called. */
export function serveScreenshotRequests(dir: string, page: Page, artifacts: string, log: fs.WriteStream): () => void {
  let busy = false;
  // The workbench under test refuses modal dialogs and logs them instead: they are still messages the user would get.
  const refusedDialogs: string[] = [];
  page.on('console', (m) => {
    const at = m.text().indexOf(REFUSED_DIALOG);
    if (at >= 0) refusedDialogs.push(m.text().slice(at + REFUSED_DIALOG.length).trim());
  });
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.request'))) {
        const name = f.slice(0, -'.request'.length);
        const request = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as RunnerRequest;
        fs.rmSync(path.join(dir, f), { force: true });
        let answer: object;
        try {
          answer = await serve(request, page, artifacts, log, refusedDialogs);
        } catch (err) {
          answer = { error: (err as Error).message };
        }
        fs.writeFileSync(path.join(dir, `${name}.done.tmp`), JSON.stringify(answer));
        fs.renameSync(path.join(dir, `${name}.done.tmp`), path.join(dir, `${name}.done`));
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 150);
  return () => clearInterval(timer);
}

/** What a suite asks for (test/vscode/screenshot.ts writes these). */
type RunnerRequest =
  | { kind: 'screenshot'; name: string }
  | { kind: 'notifications' }
  | { kind: 'click'; message: string; button: string }
  | { kind: 'walkthroughSteps' }
  | { kind: 'typeInLogFilter'; steps: TypingStep[]; settleMs: number }
  | { kind: 'wheelInLogPanel'; deltaY: number };

/** The visible toasts: each one's message and button labels, as a person reads them. */
const TOASTS = '.notifications-toasts .notification-toast-container';

/** The check mark of each step of the walkthrough shown in the editor. */
const STEP_CHECKBOX = '.gettingStartedContainer [data-done-step-id]';

/** How the workbench in test mode logs a dialog it did not show. */
const REFUSED_DIALOG = 'DialogService: refused to show dialog in tests. Contents:';

async function serve(request: RunnerRequest, page: Page, artifacts: string, log: fs.WriteStream, refusedDialogs: readonly string[]): Promise<object> {
  if (request.kind === 'screenshot') {
    const file = path.join(artifacts, `${request.name}.png`);
    await page.screenshot({ path: file });
    log.write(`[runner] screenshot ${file}\n`);
    return { file };
  }
  if (request.kind === 'walkthroughSteps') {
    // Each step's checkbox carries the step's full id (`publisher.name#walkthrough#step`) and the class "complete" once done.
    const steps = await page.locator(STEP_CHECKBOX).evaluateAll((boxes) => boxes.map((b) => ({ id: b.getAttribute('data-done-step-id') ?? '', done: b.classList.contains('complete') })));
    return { steps };
  }
  if (request.kind === 'typeInLogFilter') {
    // As a person types: a click in the box, its text selected and deleted, then each key on its own.
    const box = (await logPanelFrame(page)).locator('#filter');
    await box.click();
    await box.press('ControlOrMeta+a');
    await box.press('Backspace');
    for (const step of request.steps) {
      await box.pressSequentially(step.text, { delay: step.delayMs });
      await page.waitForTimeout(step.pauseMs);
    }
    await page.waitForTimeout(request.settleMs);
    return { value: await box.inputValue() };
  }
  if (request.kind === 'wheelInLogPanel') {
    // The mouse over the log's rows, then the wheel turned, as a person scrolls.
    await (await logPanelFrame(page)).locator('#viewport').hover();
    await page.mouse.wheel(0, request.deltaY);
    return { wheeled: true };
  }
  const toasts = page.locator(TOASTS).filter({ visible: true });
  if (request.kind === 'notifications') {
    const notifications = [];
    for (const toast of await toasts.all()) {
      const message = ((await toast.locator('.notification-list-item-message').first().textContent()) ?? '').trim();
      const buttons = (await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((b) => b.trim());
      notifications.push({ message, buttons });
    }
    // A modal dialog (VS Code shows a failed debug start so) counts as a message too: shown, or refused in test mode.
    const dialogs = (await page.locator('.monaco-dialog-box').filter({ visible: true }).allTextContents()).map((d) => d.trim());
    return { notifications, dialogs: [...dialogs, ...refusedDialogs] };
  }
  const toast = toasts.filter({ hasText: request.message }).first();
  await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: request.button }).first().click({ timeout: 5000 });
  log.write(`[runner] clicked "${request.button}" on the notification "${request.message}"\n`);
  return { clicked: true };
}
