// `npm run icon`: renders media/icon.svg to media/icon.png, the 128x128
// marketplace icon the manifest names (committed, since the VSIX needs a PNG
// and vsce refuses an SVG icon). Uses the Chromium the host tier already runs
// (playwright-core; AZUREML_DEBUG_CHROMIUM, default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const media = join(dirname(fileURLToPath(import.meta.url)), '..', 'media');
const svg = readFileSync(join(media, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.AZUREML_DEBUG_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(media, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png: 128x128 from media/icon.svg');
