// A throwaway certificate authority and a serving certificate for
// 127.0.0.1/localhost, made with the openssl CLI (argument arrays, no shell),
// so clients verify the server against a CA written into the kubeconfig.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM texts of the CA and of the server's certificate and key. */
export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** A client certificate (CN=azureml-test-user, O=system:masters) and its key, for client-certificate kubeconfigs. */
  clientCertPem: string;
  clientKeyPem: string;
}

/** The common name the server accepts in a client certificate. */
export const clientCommonName = 'azureml-test-user';

/** Makes a CA and a server certificate signed by it (EC P-256, 30 days). */
export async function makeServingCerts(): Promise<ServingCerts> {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-test-tls-'));
  const p = (f: string) => join(dir, f);
  try {
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('ca.key')]);
    await run('openssl', ['req', '-x509', '-new', '-key', p('ca.key'), '-subj', '/CN=azureml-debug-test-ca', '-days', '30', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', p('ca.crt')]);
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('server.key')]);
    await run('openssl', ['req', '-new', '-key', p('server.key'), '-subj', '/CN=kube-apiserver', '-out', p('server.csr')]);
    await writeFile(p('ext.cnf'), [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc',
      '',
    ].join('\n'));
    await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
      '-days', '30', '-sha256', '-extfile', p('ext.cnf'), '-out', p('server.crt')]);
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('client.key')]);
    await run('openssl', ['req', '-new', '-key', p('client.key'), '-subj', `/O=system:masters/CN=${clientCommonName}`, '-out', p('client.csr')]);
    await writeFile(p('client.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
    await run('openssl', ['x509', '-req', '-in', p('client.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
      '-days', '30', '-sha256', '-extfile', p('client.cnf'), '-out', p('client.crt')]);
    const files = ['ca.crt', 'server.crt', 'server.key', 'client.crt', 'client.key'];
    const [caPem, certPem, keyPem, clientCertPem, clientKeyPem] = await Promise.all(files.map((f) => readFile(p(f), 'utf8')));
    return { caPem, certPem, keyPem, clientCertPem, clientKeyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
