// What the host pass needs for the Azure suites to sign in the product's way:
// VS Code's built-in Microsoft sign-in (vscode.microsoft-authentication,
// which registers the providers `microsoft` and `microsoft-sovereign-cloud`)
// left out of the builtin extensions, so the test-only provider of
// test/fixtures/azureAuth takes those ids; and a self-signed certificate for
// the test Azure server, made here with the openssl CLI, which the extension
// host trusts through NODE_EXTRA_CA_CERTS (Resource Manager is reached over
// https, the only scheme the sovereign cloud setting accepts). The provider
// extension is packed by vsce and installed as a user installs one (a second
// extensionDevelopmentPath is not loaded by code-server: the last one wins).
// code-server refuses --disable-extension (its CLI does not pass it on), so
// the builtin is left out through --builtin-extensions-dir instead: a folder
// linking every other builtin extension.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerCache, installExtension, type Sandbox } from './codeServer';

/** The builtin that registers the Microsoft providers. */
export const MICROSOFT_AUTH = 'microsoft-authentication';

/** A builtin-extensions folder holding links to every builtin but the Microsoft sign-in. */
export function builtinsWithoutMicrosoftAuth(scratch: string): string {
  const source = path.join(codeServerCache, 'node_modules/code-server/lib/vscode/extensions');
  const dir = path.join(scratch, 'builtin-extensions');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(source)) {
    if (name === MICROSOFT_AUTH || fs.existsSync(path.join(dir, name))) continue;
    fs.symlinkSync(path.join(source, name), path.join(dir, name));
  }
  return dir;
}

/** A key and self-signed certificate for 127.0.0.1 (PEM files in `scratch`). */
export function makeTestTls(scratch: string): { key: string; cert: string } {
  const key = path.join(scratch, 'azure-test-key.pem');
  const cert = path.join(scratch, 'azure-test-cert.pem');
  const r = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`openssl could not make the test certificate: ${r.stderr}`);
  return { key, cert };
}

/** Packs test/fixtures/azureAuth with vsce and installs it into the sandbox's profile. */
export function installTestAuth(root: string, scratch: string, sandbox: Sandbox, log: fs.WriteStream): string {
  const source = path.join(scratch, 'azureAuth');
  fs.cpSync(path.join(root, 'test/fixtures/azureAuth'), source, { recursive: true });
  const out = path.join(scratch, 'azure-auth-test.vsix');
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: source, encoding: 'utf8', timeout: 120000 });
  log.write(`[runner] vsce package of the test Microsoft sign-in: exit ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  if (r.status !== 0) throw new Error(`vsce could not pack the test sign-in:\n${r.stdout}${r.stderr}`);
  return installExtension(sandbox, out, log);
}
