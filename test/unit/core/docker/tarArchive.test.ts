// The ustar writer for build contexts: stable bytes, read back by `tar`.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tarArchive } from '../../../../src/core/docker/tarArchive';

describe('tarArchive', () => {
  it('writes an archive the system tar lists and extracts byte for byte', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
    const bytes = tarArchive([
      { path: 'Dockerfile', data: new TextEncoder().encode('FROM x\n') },
      { path: long, data: new Uint8Array(1000).fill(7), mode: 0o755 },
      { path: 'empty', data: new Uint8Array(0) },
    ]);
    assert.equal(bytes.length % 512, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.tar'), bytes);
      execFileSync('tar', ['-xf', 'a.tar'], { cwd: dir });
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM x\n');
      assert.deepEqual(fs.readFileSync(path.join(dir, long)), Buffer.alloc(1000, 7));
      assert.equal(fs.statSync(path.join(dir, long)).mode & 0o777, 0o755);
      assert.equal(fs.statSync(path.join(dir, 'empty')).size, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => tarArchive([{ path: 'x'.repeat(300), data: new Uint8Array(0) }]), /too long/);
  });
});
