// The generated build context as tar-stream packs it: the system tar reads it
// back byte for byte (modes and a path past ustar's 255 bytes included), and
// the same files give the same bytes, so a rebuild hashes the same context.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packContext } from '../../../src/docker/client/buildContext';
import type { ContextFile } from '../../../src/core/deploy/deployPlan';

async function bytesOf(files: readonly ContextFile[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of packContext(files)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('packContext (the generated build context)', () => {
  const split = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
  const pax = `${'p'.repeat(120)}/${'q'.repeat(120)}/${'r'.repeat(80)}.txt`;
  const pooled = Buffer.from('xxabcxx');
  const files: ContextFile[] = [
    { path: 'Dockerfile', data: new TextEncoder().encode('FROM x\n') },
    { path: split, data: new Uint8Array(1000).fill(7), mode: 0o755 },
    { path: pax, data: new TextEncoder().encode('long') },
    { path: 'empty', data: new Uint8Array(0) },
    // A view into a larger buffer: only its own bytes go in.
    { path: 'view', data: new Uint8Array(pooled.buffer, pooled.byteOffset + 2, 3) },
  ];

  it('is read back by the system tar byte for byte, with modes and paths longer than ustar holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.tar'), await bytesOf(files));
      const listed = execFileSync('tar', ['-tf', 'a.tar'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(listed, files.map((f) => f.path));
      fs.mkdirSync(path.join(dir, 'out'));
      execFileSync('tar', ['-xf', '../a.tar'], { cwd: path.join(dir, 'out') });
      const at = (p: string) => path.join(dir, 'out', p);
      assert.equal(fs.readFileSync(at('Dockerfile'), 'utf8'), 'FROM x\n');
      assert.deepEqual(fs.readFileSync(at(split)), Buffer.alloc(1000, 7));
      assert.equal(fs.statSync(at(split)).mode & 0o777, 0o755);
      assert.equal(fs.statSync(at('Dockerfile')).mode & 0o777, 0o644);
      assert.equal(fs.readFileSync(at(pax), 'utf8'), 'long');
      assert.equal(fs.statSync(at('empty')).size, 0);
      assert.equal(fs.readFileSync(at('view'), 'utf8'), 'abc');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same bytes for the same files', async () => {
    assert.ok((await bytesOf(files)).equals(await bytesOf(files)));
  });
});
