// The README's settings and commands tables are package.json's: the script
// that writes them (scripts/readme.mjs, npm run readme:tables) finds nothing
// to change, every declared setting and command has its row, and a table
// left behind by a manifest change is caught.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'readme.mjs');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const manifest = JSON.parse(read('package.json'));

function check(dir: string) {
  return spawnSync(process.execPath, [script, '--check', '--root', dir], { encoding: 'utf8', timeout: 20000 });
}

/** The rows between a section's markers, keyed by their first cell. */
function rows(readme: string, section: string): string[] {
  const m = new RegExp(`<!-- ${section}:begin[^>]*-->\\n([\\s\\S]*?)<!-- ${section}:end -->`).exec(readme);
  assert.ok(m, `README.md has no ${section} section`);
  return m[1].split('\n').filter((l) => l.startsWith('| `'));
}

describe('README tables (scripts/readme.mjs)', () => {
  it('match package.json: the script has nothing to rewrite', () => {
    const r = check(root);
    assert.equal(r.status, 0, `${r.stderr}${r.stdout}`);
  });

  it('have a row for every setting, with its default, and for every command, by id', () => {
    const readme = read('README.md');
    const settings = rows(readme, 'settings');
    const declared = Object.entries(manifest.contributes.configuration.properties as Record<string, { default: unknown }>);
    assert.equal(settings.length, declared.length);
    for (const [id, s] of declared) {
      assert.ok(settings.some((row) => row.startsWith(`| \`${id}\` | \`${JSON.stringify(s.default).replace(/,/g, ', ')}\` |`)), `no row for ${id} with its default`);
    }
    const commands = readme.slice(readme.indexOf('<!-- commands:begin'), readme.indexOf('<!-- commands:end -->'));
    for (const c of manifest.contributes.commands as { command: string }[]) assert.ok(commands.includes(`| \`${c.command}\` |`), `no row for ${c.command}`);
  });

  it('are found out of date when a setting changes in package.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azureml-debug-readme-'));
    try {
      const changed = JSON.parse(read('package.json'));
      changed.contributes.configuration.properties['azuremlDebug.deploy.port'].default = 8891;
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(changed));
      for (const f of ['package.nls.json', 'README.md']) fs.copyFileSync(path.join(root, f), path.join(dir, f));
      const r = check(dir);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /npm run readme:tables/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows pictures the host tier took (media/readme/, refreshed by npm run screenshots), each one there', () => {
    const readme = read('README.md');
    const images = [...readme.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, 'the README shows the view, the log panel, a debug stop and a crash quick fix');
    for (const image of images) {
      assert.match(image, /^media\/readme\/[\w-]+\.png$/);
      assert.ok(fs.existsSync(path.join(root, image)), `${image} is missing: run npm run screenshots`);
    }
    const script = read('scripts/screenshots.mjs');
    for (const image of images) assert.ok(script.includes(`'${image}'`), `npm run screenshots does not refresh ${image}`);
  });
});
