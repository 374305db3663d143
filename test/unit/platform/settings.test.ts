// Settings' defaults and the manifest's agree: every getter's fallback (what
// a reader without the manifest, as in tests and the standalone adapter,
// gets) is the default package.json declares for the same key, and every
// setting the manifest declares is read by a getter.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Settings, type SettingsReader } from '../../../src/platform/settings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
const declared = manifest.contributes.configuration.properties as Record<string, { default?: unknown }>;

/** Reads every getter once with a reader that records each key and its fallback. */
function fallbacks(): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  const reader: SettingsReader = {
    get<T>(key: string, fallback: T): T {
      seen.set(key, fallback);
      return fallback;
    },
  };
  const settings = new Settings(reader);
  for (const name of Object.getOwnPropertyNames(Settings.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Settings.prototype, name);
    if (d?.get) void (settings as unknown as Record<string, unknown>)[name];
  }
  return seen;
}

describe('settings and the manifest', () => {
  it('each getter falls back to the default package.json declares', () => {
    const seen = fallbacks();
    assert.ok(seen.size > 10, `read ${seen.size} settings`);
    for (const [key, fallback] of seen) {
      const entry = declared[`azuremlDebug.${key}`];
      assert.ok(entry, `azuremlDebug.${key} is read but not declared in package.json`);
      assert.deepEqual(fallback, entry.default, `azuremlDebug.${key}: Settings falls back to ${JSON.stringify(fallback)}, package.json says ${JSON.stringify(entry.default)}`);
    }
  });

  it('every declared setting is read by a getter', () => {
    const seen = fallbacks();
    const unread = Object.keys(declared).filter((k) => !seen.has(k.replace(/^azuremlDebug\./, '')));
    assert.deepEqual(unread, []);
  });
});
