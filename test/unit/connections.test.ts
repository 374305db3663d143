// The runtime verbs of a service (src/connections.ts): a Docker container's
// scoring endpoint is its published port; a pod's is its scoring port through
// a port-forward of its cluster's connection, and exec reaches the named
// container; each runtime redacts its own secrets. Commands and crash
// analysis use these and no raw client.
import * as assert from 'node:assert/strict';
import { verbsOf } from '../../src/connections';
import { containerRecord } from '../../src/core/docker/dockerRecords';
import { podRecord } from '../../src/core/kubernetes/records';
import type { Services } from '../../src/services';
import { inspect, none } from './core/docker/containerInspect';
import { MASK } from '../../src/core/model/secrets';
import { pod } from './core/kubernetes/kubePod';

/** A cluster connection that records what the verbs asked of it. */
function fakeClusters(connected = true) {
  const asked: string[] = [];
  const bag = {
    forward: (ns: string, name: string, port: number) => {
      asked.push(`forward ${ns}/${name}:${port}`);
      return Promise.resolve({ localPort: 41234, dispose: () => void asked.push('closed') });
    },
    exec: (ns: string, name: string, container: string, command: readonly string[]) => {
      asked.push(`exec ${ns}/${name}/${container}: ${command.join(' ')}`);
      return Promise.resolve({ stdout: 'ok', stderr: '' });
    },
  };
  return { asked, clusters: { ensureStarted: () => (connected ? bag : undefined), redact: (t: string) => t.replace('s3cret', '***') } };
}

function services(clusters: unknown, client: unknown = undefined, door?: { url: string; port: number }): Services {
  // The front door DockerConnection starts for a v2 container (one the CLI's labels name).
  const frontDoor = (r: { labels: Record<string, string> }) => Promise.resolve('azureml-local-endpoint' in r.labels ? door : undefined);
  return { docker: { client: () => client, frontDoor }, model: {}, clusters } as unknown as Services;
}

describe('runtime verbs', () => {
  it('a Docker service answers at its published scoring port; without one it has no endpoint', async () => {
    const record = containerRecord(inspect(), 'docker', none)!;
    const verbs = verbsOf(services(fakeClusters().clusters), record);
    const at = await verbs.scoringEndpoint(record);
    assert.deepEqual([at?.url, at?.where], ['http://127.0.0.1:8890/score', ':8890']);
    const unpublished = containerRecord(inspect({ NetworkSettings: { Ports: {} } }), 'docker', none)!;
    assert.equal(await verbs.scoringEndpoint(unpublished), undefined);
    await assert.rejects(verbs.exec!(record, ['ls']), /Docker is not reachable/);
  });

  it('a v2 container is reached through its front door, where Azure\'s request rules apply', async () => {
    const labels = { 'azureml-local-endpoint': '', endpoint: 'ep', deployment: 'blue' };
    const record = containerRecord(inspect({ Config: { Image: 'azureml-debug/inference:latest', Labels: labels, Env: [] } }), 'docker', none)!;
    const verbs = verbsOf(services(fakeClusters().clusters, undefined, { url: 'http://127.0.0.1:40001/score', port: 40001 }), record);
    const at = await verbs.scoringEndpoint(record);
    assert.deepEqual([at?.url, at?.where], ['http://127.0.0.1:40001/score', ':40001 (front door) -> :8890']);
  });

  it('a pod answers at its scoring port through a port-forward, closed by the endpoint', async () => {
    const { asked, clusters } = fakeClusters();
    const record = podRecord('kubernetes:ctx', pod({ phase: 'Running' }), [], 'azureml');
    const verbs = verbsOf(services(clusters), record);
    const at = await verbs.scoringEndpoint(record);
    assert.deepEqual([at?.url, at?.where], ['http://127.0.0.1:41234/score', 'svc-7d9f8c6b5d-abcde:5001']);
    at!.dispose();
    await verbs.exec!(record, ['/bin/sh', '-c', 'echo hi'], 'svc');
    assert.deepEqual(asked, ['forward azureml-ws/svc-7d9f8c6b5d-abcde:5001', 'closed', 'exec azureml-ws/svc-7d9f8c6b5d-abcde/svc: /bin/sh -c echo hi']);
    assert.equal(verbs.redact('token s3cret'), 'token ***');
  });

  it('a Docker service is inspected and redacted without its secrets: env values masked, names kept, still JSON', async () => {
    const env = ['AML_APP_INSIGHTS_KEY=1234abcd-5678-90ef', 'AZURE_CLIENT_SECRET=cl1ent"secret', 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models'];
    const engine = { getContainer: (id: string) => ({ inspect: () => Promise.resolve({ ...inspect({ Config: { Image: 'img', Labels: {}, Env: env } }), Id: id }) }) };
    const record = containerRecord(inspect(), 'docker', none)!;
    const verbs = verbsOf(services(fakeClusters().clusters, engine), record);
    const text = await verbs.inspect!(record);
    assert.deepEqual(JSON.parse(text).Config.Env, [`AML_APP_INSIGHTS_KEY=${MASK}`, `AZURE_CLIENT_SECRET=${MASK}`, 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models']);
    assert.ok(!text.includes('1234abcd') && !text.includes('cl1ent'), text);
    // What commands pass through the verb: a test request's answer, an exec's output, an error.
    assert.equal(verbs.redact('export AZURE_CLIENT_SECRET=abc123 and Authorization: Bearer xyz.123'), `export AZURE_CLIENT_SECRET=${MASK} and Authorization: Bearer ${MASK}`);
  });

  it('says so when the pod\'s cluster is not connected', async () => {
    const record = podRecord('kubernetes:ctx', pod({ phase: 'Running' }), [], 'azureml');
    await assert.rejects(verbsOf(services(fakeClusters(false).clusters), record).scoringEndpoint(record), /not connected/);
  });
});
