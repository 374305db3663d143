// What the Extensions view and the marketplace page show of the manifest: the
// icon is a 128x128 PNG (vsce refuses an SVG), the listing's fields are there,
// and the LICENSE is the MIT the manifest declares, in the publisher's name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('marketplace listing', () => {
  it('names a 128x128 PNG icon', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${manifest.icon} is not a PNG`);
    // The IHDR chunk comes first: width and height, big-endian, at 16 and 20.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('is listed under Debuggers, Machine Learning and Azure, with keywords, a banner and where to read and report', () => {
    assert.deepEqual(manifest.categories, ['Debuggers', 'Machine Learning', 'Azure']);
    // Few: the marketplace has refused uploads past a tag cap that counted
    // vsce's automatic tags too (microsoft/vscode-vsce#569).
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 12, manifest.keywords.join(', '));
    assert.equal(new Set(manifest.keywords.map((k: string) => k.toLowerCase())).size, manifest.keywords.length);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    // vsce warns without a repository, and resolves the README's relative links against it.
    for (const url of [manifest.repository.url, manifest.bugs.url, manifest.homepage]) assert.match(url, /^https:\/\//);
  });

  it('carries the MIT LICENSE the manifest declares, in the publisher\'s name', () => {
    const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    assert.equal(manifest.license, 'MIT');
    assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} (.+)\n/);
    assert.equal(/^Copyright \(c\) \d{4} (.+)$/m.exec(license)?.[1], manifest.publisher);
    assert.match(license, /Permission is hereby granted, free of charge/);
  });

  it('has a CHANGELOG section for the manifest\'s version, which the marketplace shows as its Changelog tab', () => {
    const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    const escaped = manifest.version.replace(/\./g, '\\.');
    assert.match(changelog, new RegExp(`^## ${escaped}\\b`, 'm'));
  });
});
