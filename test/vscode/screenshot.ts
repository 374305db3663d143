// Lets a suite ask the runner for a screenshot of the workbench mid-run: the
// suite writes a request file into the folder the runner names, the runner
// (which owns the browser page) takes the picture and answers with a done file.
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
  const dir = process.env[screenshotEnv];
  if (!dir) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`screenshot name must be [A-Za-z0-9_-]+: ${name}`);
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  const temp = path.join(dir, `${name}.tmp`);
  fs.writeFileSync(temp, name);
  fs.renameSync(temp, path.join(dir, `${name}.request`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(done)) {
      const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as { file?: string; error?: string };
      if (answer.error) throw new Error(`screenshot ${name} failed: ${answer.error}`);
      return answer.file;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the runner took no screenshot "${name}" within ${timeoutMs} ms`);
}
