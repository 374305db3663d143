// What the Settings editor shows of each setting: its scope says where a value
// is honoured, its description's #setting# links lead somewhere, and each enum
// value has its own description. Texts come from package.nls.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
type Setting = { scope?: string; enum?: unknown[]; enumDescriptions?: string[]; markdownDescription?: string; description?: string };
const declared = manifest.contributes.configuration.properties as Record<string, Setting>;

/** `%key%` -> the English text. */
function text(ref: string | undefined): string {
  const key = /^%(.+)%$/.exec(ref ?? '')?.[1];
  assert.ok(key && key in nls, `${ref} is not a package.nls.json key`);
  return nls[key];
}

describe('settings metadata', () => {
  it('scopes the engine, the kubeconfig and the sample folder machine-overridable, every other setting window', () => {
    const machine = ['azuremlDebug.docker.host', 'azuremlDebug.kubernetes.kubeconfig', 'azuremlDebug.sample.folder'];
    for (const [id, s] of Object.entries(declared)) {
      // Settings are read without a resource (platform/settings.ts's reader
      // takes none), so a `resource` scope would offer a folder value in a
      // multi-root workspace that nothing reads.
      assert.equal(s.scope, machine.includes(id) ? 'machine-overridable' : 'window', id);
    }
  });

  it('links only to settings that exist, in markdown descriptions', () => {
    let links = 0;
    for (const [id, s] of Object.entries(declared)) {
      assert.ok(s.markdownDescription && !s.description, `${id}: a #setting# link renders only in markdownDescription`);
      for (const m of text(s.markdownDescription).matchAll(/#([\w.]+)#/g)) {
        links++;
        assert.ok(m[1] in declared && m[1] !== id, `${id} links to ${m[1]}, which is not another setting`);
      }
    }
    assert.ok(links >= 15, `only ${links} links between related settings`);
  });

  it('describes every enum value, in the enum\'s order', () => {
    const enums = Object.entries(declared).filter(([, s]) => s.enum);
    assert.ok(enums.length >= 2);
    for (const [id, s] of enums) {
      assert.equal(s.enumDescriptions?.length, s.enum!.length, `${id}: one enumDescription per value`);
      s.enumDescriptions!.forEach((d) => assert.ok(text(d).length > 0));
    }
    assert.match(text(declared['azuremlDebug.deploy.reloadMode'].enumDescriptions![0]), /SIGHUP/);
    assert.match(text(declared['azuremlDebug.debug.listenHost'].enumDescriptions![1]), /container/);
  });
});
