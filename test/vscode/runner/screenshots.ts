// The runner's side of test/vscode/screenshot.ts: watches the request folder,
// takes a screenshot of the page for each request, and answers with a done file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** Serves screenshot requests until the returned function is called. */
export function serveScreenshotRequests(dir: string, page: Page, artifacts: string, log: fs.WriteStream): () => void {
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.request'))) {
        const name = f.slice(0, -'.request'.length);
        fs.rmSync(path.join(dir, f), { force: true });
        const file = path.join(artifacts, `${name}.png`);
        let answer: { file?: string; error?: string };
        try {
          await page.screenshot({ path: file });
          answer = { file };
          log.write(`[runner] screenshot ${file}\n`);
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
