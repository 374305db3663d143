// Lets a suite ask the runner for a screenshot of the workbench mid-run, or
// for the notification toasts on it (read, or a button clicked), or for the
// steps of the walkthrough shown in the editor, checked or not, or to type
// into the log panel's filter box or scroll its rows as a person does: the suite
// writes a request file into the folder the runner names, the runner (which
// owns the browser page) does it and answers with a done file.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Environment variable naming the folder requests are written to. */
export const screenshotEnv = 'AZUREML_DEBUG_SCREENSHOT_DIR';

/**
 * Saves a screenshot of what a person would see now as
 * `.test-artifacts/<name>.png` and resolves to its path. Resolves undefined
 * when no runner takes screenshots (e.g. `npm run test:electron`).
 */
export async function screenshot(name: string, timeoutMs = 30000): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`screenshot name must be [A-Za-z0-9_-]+: ${name}`);
  const answer = await askRunner<{ file?: string }>(name, { kind: 'screenshot', name }, timeoutMs);
  return answer?.file;
}

/** A notification toast as a person sees it. */
export interface Toast {
  message: string;
  buttons: string[];
}

let asked = 0;

/**
 * The notification toasts visible now (their message and buttons), and the
 * text of every modal dialog shown (or refused in test mode) so far, read from
 * the workbench page; undefined when no runner serves requests.
 */
export async function visibleToasts(): Promise<{ notifications: Toast[]; dialogs: string[] } | undefined> {
  return askRunner<{ notifications: Toast[]; dialogs: string[] }>(`toasts-${process.pid}-${++asked}`, { kind: 'notifications' });
}

/** Clicks `button` on the visible toast whose message contains `message`, as a person would. */
export async function clickToastButton(message: string, button: string): Promise<void> {
  const answer = await askRunner(`click-${process.pid}-${++asked}`, { kind: 'click', message, button });
  if (!answer) throw new Error('no runner serves clicks here (only the code-server runner does)');
}

/** A walkthrough step as the editor shows it: its id (`publisher.name#walkthrough#step`) and whether it is checked. */
export interface WalkthroughStep {
  id: string;
  done: boolean;
}

/**
 * The steps of the walkthrough open in the editor, read from the page: VS Code
 * keeps step progress in the workbench's own storage and gives extensions no
 * API to read it, so the check marks a person sees are the source. Undefined
 * when no runner serves requests.
 */
export async function walkthroughSteps(): Promise<WalkthroughStep[] | undefined> {
  return (await askRunner<{ steps: WalkthroughStep[] }>(`walkthrough-${process.pid}-${++asked}`, { kind: 'walkthroughSteps' }))?.steps;
}

/** Keys typed one by one `delayMs` apart, then a pause of `pauseMs`. */
export interface TypingStep {
  text: string;
  delayMs: number;
  pauseMs: number;
}

/**
 * Clears the log panel's filter box and types `steps` into it, key by key,
 * in the real webview; resolves to what the box holds `settleMs` after the
 * last key. Undefined when no runner drives a browser.
 */
export async function typeInLogFilter(steps: TypingStep[], settleMs = 500): Promise<string | undefined> {
  return (await askRunner<{ value: string }>(`type-${process.pid}-${++asked}`, { kind: 'typeInLogFilter', steps, settleMs }))?.value;
}

/** Turns the mouse wheel over the log panel's rows (negative: up), as a person scrolls; false when no runner drives a browser. */
export async function wheelInLogPanel(deltaY: number): Promise<boolean> {
  return (await askRunner(`wheel-${process.pid}-${++asked}`, { kind: 'wheelInLogPanel', deltaY })) !== undefined;
}

async function askRunner<T extends object>(name: string, request: object, timeoutMs = 30000): Promise<T | undefined> {
  const dir = process.env[screenshotEnv];
  if (!dir) return undefined;
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  const temp = path.join(dir, `${name}.tmp`);
  fs.writeFileSync(temp, JSON.stringify(request));
  fs.renameSync(temp, path.join(dir, `${name}.request`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(done)) {
      const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as T & { error?: string };
      fs.rmSync(done, { force: true });
      if (answer.error) throw new Error(`runner request ${name} failed: ${answer.error}`);
      return answer;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the runner did not answer "${name}" within ${timeoutMs} ms`);
}
