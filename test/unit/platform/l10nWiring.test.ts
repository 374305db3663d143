// The words reach the user in the display language: activate() hands
// core/l10n VS Code's translator, and every copy of the module (esbuild gives
// extension.js, docker.js and kubernetes.js one each) finds it, so a message
// worded in the lazily loaded Docker bundle is translated too. Without a
// translator (the unit tier, a process given no bundle) the words are English.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { useTranslator, type Translate } from '../../../src/core/l10n';
import { connectionDisplay } from '../../../src/core/model/serviceDisplay';
import { Strings } from '../../../src/platform/localize';

const root = path.resolve(__dirname, '../../../..');

/** A stand-in for `vscode.l10n.t` with a language's real bundle loaded. */
function translator(lang: string): Translate {
  const bundle = JSON.parse(readFileSync(path.join(root, `l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;
  return (message, ...args) => (bundle[message] ?? message).replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

describe('l10n wiring', () => {
  afterEach(() => useTranslator(undefined));

  it('words Strings and the tree through the translator the host hands in', () => {
    useTranslator(translator('ja'));
    assert.equal(Strings.deploy.deployed('svc'), '"svc" をデプロイしました。');
    assert.equal(connectionDisplay({ id: 'k', kind: 'kubernetes', label: 'aks', status: 'idle' }).description, '展開すると接続します');
    useTranslator(translator('sv'));
    assert.equal(Strings.deploy.deployed('svc'), 'Distribuerade "svc".');
    useTranslator(undefined);
    assert.equal(Strings.deploy.deployed('svc'), 'Deployed "svc".');
  });

  it('reaches a second copy of core/l10n, as a lazily loaded bundle has', () => {
    const file = require.resolve('../../../src/core/l10n');
    const loaded = require.cache[file];
    delete require.cache[file];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require(file) as typeof import('../../../src/core/l10n');
      assert.notEqual(copy.useTranslator, useTranslator, 'a separate module instance');
      useTranslator(translator('zh-cn'));
      assert.equal(copy.l10n.t('Deployed "{0}".', 'svc'), '已部署 "svc"。');
    } finally {
      if (loaded) require.cache[file] = loaded;
    }
  });
});
