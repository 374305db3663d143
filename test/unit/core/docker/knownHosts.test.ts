// Host keys checked as OpenSSH checks known_hosts: plain, hashed and
// wildcard host names, [host]:port for other ports, negations, a changed key
// told from an unknown one, @revoked keys, and recorded types asked for first.
import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { checkHostKey, fingerprint, hostKeyAlgorithms, keyTypeOf, knownHostsName, knownKeyTypes } from '../../../../src/core/docker/knownHosts';

/** An SSH public key blob: string type, then opaque bytes. */
function blob(type: string, fill: number): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.alloc(32, fill)]);
}
const ed = blob('ssh-ed25519', 1);
const edOther = blob('ssh-ed25519', 2);
const rsa = blob('ssh-rsa', 3);
const line = (hosts: string, key: Buffer) => `${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;
const file = (...lines: string[]) => [{ path: '/home/u/.ssh/known_hosts', text: lines.join('\n') }];
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('knownHosts', () => {
  it('names a host as known_hosts records it: bare on port 22, [host]:port otherwise', () => {
    assert.equal(knownHostsName('box', 22), 'box');
    assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
  });

  it('reads the key type from the blob and gives the SHA256 fingerprint ssh shows', () => {
    assert.equal(keyTypeOf(ed), 'ssh-ed25519');
    assert.equal(keyTypeOf(Buffer.from([0, 0, 0, 99, 1])), undefined);
    assert.match(fingerprint(ed), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('knows a key recorded under the plain name, a hashed name, a wildcard, or in a list', () => {
    assert.deepEqual(checkHostKey(file(line('box', ed)), 'box', 22, ed), { status: 'known' });
    assert.deepEqual(checkHostKey(file(line('BOX', ed)), 'box', 22, ed), { status: 'known' }, 'host names are case-insensitive');
    assert.deepEqual(checkHostKey(file(line(hashed('[box]:2222'), ed)), 'box', 2222, ed), { status: 'known' });
    assert.deepEqual(checkHostKey(file(line('*.lab,other', ed)), 'vm1.lab', 22, ed), { status: 'known' });
    assert.deepEqual(checkHostKey(file(line('vm?', ed)), 'vm7', 22, ed), { status: 'known' });
  });

  it('does not take a key recorded for port 22 as the key of another port, nor a hashed name of another host', () => {
    assert.equal(checkHostKey(file(line('box', ed)), 'box', 2222, ed).status, 'unknown');
    assert.equal(checkHostKey(file(line(hashed('other'), ed)), 'box', 22, ed).status, 'unknown');
  });

  it('lets a negated pattern rule a line out', () => {
    assert.equal(checkHostKey(file(line('*.lab,!evil.lab', ed)), 'evil.lab', 22, ed).status, 'unknown');
  });

  it('tells a changed key (same type, other key) from an unknown one, with where the old one is', () => {
    assert.deepEqual(checkHostKey(file('# comment', '', line('box', edOther)), 'box', 22, ed), { status: 'changed', path: '/home/u/.ssh/known_hosts', line: 3 });
    assert.deepEqual(checkHostKey(file(line('box', rsa)), 'box', 22, ed), { status: 'unknown', otherTypes: ['ssh-rsa'] });
  });

  it('refuses a @revoked key whatever else is recorded, and ignores @cert-authority lines', () => {
    const files = [...file(line('box', ed)), { path: '/etc/ssh/ssh_known_hosts', text: `@revoked * ${keyTypeOf(ed)} ${ed.toString('base64')}` }];
    assert.deepEqual(checkHostKey(files, 'box', 22, ed), { status: 'revoked', path: '/etc/ssh/ssh_known_hosts', line: 1 });
    assert.equal(checkHostKey(file(`@cert-authority box ${keyTypeOf(ed)} ${ed.toString('base64')}`), 'box', 22, ed).status, 'unknown');
  });

  it('asks the host for a recorded key type first, so a host with several keys shows the one known', () => {
    const files = file(line('[box]:2222', rsa));
    assert.deepEqual(knownKeyTypes(files, 'box', 2222), ['ssh-rsa']);
    assert.deepEqual(hostKeyAlgorithms(['ssh-rsa']).slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    assert.equal(hostKeyAlgorithms([])[0], 'ssh-ed25519');
    assert.equal(hostKeyAlgorithms(['ssh-rsa']).length, hostKeyAlgorithms([]).length, 'nothing dropped, only reordered');
  });
});
