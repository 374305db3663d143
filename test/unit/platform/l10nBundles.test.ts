// The translations are complete and faithful to the English they translate:
// every key of package.nls.json and l10n/bundle.l10n.json in ja, zh-cn,
// pt-br and sv, with the same {n} placeholders, no extra key, setting ids and
// code left as they are; and the English bundle is what the code says, so a
// new l10n.t message without an entry fails here, not in a user's editor.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const LANGUAGES = ['ja', 'zh-cn', 'pt-br', 'sv'];
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
/** What a translation must carry over unchanged: setting ids, `code`, ${variables}, command: links. */
const untranslatable = (text: string): string[] => text.match(/#?azuremlDebug\.[A-Za-z.]*[A-Za-z]#?|`[^`]+`|\$\{\w+\}|command:[\w.]+/g) ?? [];

/** What is wrong with `translated` against `english`: missing and extra keys, placeholders or code that differ. */
function differences(english: Record<string, string>, translated: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [key, text] of Object.entries(english)) {
    const t = translated[key];
    if (t === undefined) found.push(`missing: ${key}`);
    else if (placeholders(t).join() !== placeholders(text).join()) found.push(`placeholders ${placeholders(t).join()} instead of ${placeholders(text).join()}: ${key}`);
    else for (const token of untranslatable(text)) if (!t.includes(token)) found.push(`lost ${token}: ${key}`);
  }
  for (const key of Object.keys(translated)) if (!(key in english)) found.push(`extra: ${key}`);
  return found;
}

describe('l10n bundles', () => {
  const nls = read('package.nls.json');
  const bundle = read('l10n/bundle.l10n.json');

  it('has every key of package.nls.json in each language, with the same placeholders and code, and no extra key', () => {
    for (const lang of LANGUAGES) assert.deepEqual(differences(nls, read(`package.nls.${lang}.json`)), [], `package.nls.${lang}.json`);
  });

  it('has every message of l10n/bundle.l10n.json in each language, with the same placeholders and code, and no extra key', () => {
    assert.ok(Object.keys(bundle).length > 300, 'the English bundle holds the extension\'s messages');
    for (const key of Object.keys(bundle)) assert.equal(bundle[key], key, 'the English bundle maps each message to itself');
    for (const lang of LANGUAGES) assert.deepEqual(differences(bundle, read(`l10n/bundle.l10n.${lang}.json`)), [], `l10n/bundle.l10n.${lang}.json`);
  });

  it('keeps l10n/bundle.l10n.json equal to the l10n.t messages of the code (npm run l10n regenerates it)', function () {
    this.timeout(60000);
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts/l10nBundle.mjs'), '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      assert.fail((err as { stderr?: string }).stderr || String(err));
    }
  });

  it('translates a command title named in a message as the manifest translates the command', () => {
    // "Deploy Locally" in a message is the command the user looks for in the palette: the same words in every language.
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { title: string }[] } };
    const titleKeys = new Set(manifest.contributes.commands.map((c) => c.title.replace(/^%(.*)%$/, '$1')));
    const bare = (s: string) => s.replace(/…$/, '');
    const named = Object.keys(bundle).filter((m) => [...titleKeys].some((k) => bare(nls[k] ?? '') === m));
    assert.ok(named.length >= 2, `messages that name a command: ${named.join(', ')}`);
    for (const lang of LANGUAGES) {
      const nlsT = read(`package.nls.${lang}.json`);
      const bundleT = read(`l10n/bundle.l10n.${lang}.json`);
      for (const message of named) {
        const key = [...titleKeys].find((k) => bare(nls[k]) === message)!;
        assert.equal(bundleT[message], bare(nlsT[key]), `${lang}: "${message}"`);
      }
    }
  });
});
