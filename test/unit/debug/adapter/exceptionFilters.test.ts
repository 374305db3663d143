// The exception filters are shown in the Breakpoints view, so their labels
// are in the user's language: in the adapter's first answer to `initialize`,
// and still after debugpy's own capabilities (English labels) replace them.
// A filter the adapter does not know keeps debugpy's label.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { initialCapabilities, mergeCapabilities } from '../../../../src/debug/adapter/capabilities';
import { useTranslator, type Translate } from '../../../../src/core/l10n';

const root = path.resolve(__dirname, '../../../../..');

function language(lang: string): Translate {
  const bundle = JSON.parse(readFileSync(path.join(root, `l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;
  return (message, ...args) => (bundle[message] ?? message).replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

const labels = (c: DP.Capabilities) => (c.exceptionBreakpointFilters ?? []).map((f) => [f.filter, f.label]);

describe('exception filter labels', () => {
  afterEach(() => useTranslator(undefined));

  it('answers initialize with English labels when no translator is set', () => {
    assert.deepEqual(labels(initialCapabilities()), [['raised', 'Raised Exceptions'], ['uncaught', 'Uncaught Exceptions'], ['userUnhandled', 'User Uncaught Exceptions']]);
  });

  it('translates them before debugpy answers and after its capabilities arrive, leaving a filter it does not know as debugpy labels it', () => {
    useTranslator(language('ja'));
    assert.deepEqual(labels(initialCapabilities()), [['raised', '発生した例外'], ['uncaught', 'キャッチされない例外'], ['userUnhandled', 'ユーザーがキャッチしない例外']]);
    const fromDebugpy: DP.Capabilities = {
      supportsRestartRequest: false,
      exceptionBreakpointFilters: [
        { filter: 'raised', label: 'Raised Exceptions', default: false },
        { filter: 'uncaught', label: 'Uncaught Exceptions', default: true },
        { filter: 'newFilter', label: 'Some New Filter', default: false },
      ],
    };
    const merged = mergeCapabilities(fromDebugpy);
    assert.deepEqual(labels(merged), [['raised', '発生した例外'], ['uncaught', 'キャッチされない例外'], ['newFilter', 'Some New Filter']]);
    assert.equal(merged.exceptionBreakpointFilters?.[1].default, true, 'debugpy\'s defaults are kept');
    assert.equal(merged.supportsRestartRequest, true, 'the adapter\'s own lifecycle capabilities still win');
  });
});
