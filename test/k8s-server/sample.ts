// The objects of Azure ML v1 AKS web services, for the demo and the tests:
// namespace azureml-<workspace>, a Deployment named after the service whose
// pods carry isazuremlapp=true and azuremlappname=<service>, the app folder
// mounted at /var/azureml-app from the host, and a ClusterIP Service. Pods
// run the Azure ML inference image (runit PID 1, nginx on 5001 in front of
// azmlinfsrv, USER dockeruser): the app folder must be readable by uid 1000.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUGPY_IMAGE, SAMPLE_IMAGE } from '../support/docker';
import type { Probe } from './probe';
import type { NewObject } from './types';

/** One Azure ML web service to deploy on the test cluster. */
export interface AzureMlServiceSpec {
  workspace: string;
  service: string;
  /** Host folder with score.py (mounted at /var/azureml-app). */
  appFolder: string;
  /** Default: the Azure ML inference image (its :debugpy variant with `debugPort`). */
  image?: string;
  replicas?: number;
  /** Requests, e.g. { cpu: '100m', memory: '512Mi', 'nvidia.com/gpu': '1' }. */
  requests?: Record<string, string>;
  env?: Record<string, string>;
  /**
   * Makes the server process listen for debugpy on this container port
   * (declared as `debug`), before it forks the worker that runs init().
   */
  debugPort?: number;
  /** With `debugPort`: the server waits for a debugger before it serves. */
  debugWait?: boolean;
  /** Readiness probe (default: GET / on 5001 every 2 s); null for none. */
  readinessProbe?: Probe | null;
  /** Liveness probe (default: Azure ML's, GET / on 5001, first after 310 s, every 10 s); null for none. */
  livenessProbe?: Probe | null;
}

/** The Kubernetes namespace of an Azure ML v1 workspace. */
export function namespaceOf(workspace: string): string {
  return `azureml-${workspace}`;
}

/** Namespace, Deployment and Service of one Azure ML web service. */
export function azureMlService(s: AzureMlServiceSpec): NewObject[] {
  const ns = namespaceOf(s.workspace);
  const labels = { isazuremlapp: 'true', azuremlappname: s.service };
  const env = {
    AZUREML_ENTRY_SCRIPT: 'score.py', AZUREML_MODEL_DIR: '/var/azureml-app', AML_APP_ROOT: '/var/azureml-app',
    SERVICE_NAME: s.service, WORKSPACE_NAME: s.workspace,
    // Not AZUREML_DEBUG_PORT: with it the real server connects out to a
    // debugger (debugpy.connect) instead of listening, which no pod can reach.
    ...(s.debugPort ? { PYTHONPATH: DEBUG_HOOK_MOUNT, [HOOK_LISTEN_ENV]: `0.0.0.0:${s.debugPort}`, ...(s.debugWait ? { [HOOK_WAIT_ENV]: '1' } : {}) } : {}),
    ...(s.env ?? {}),
  };
  const requests = s.requests ?? { cpu: '100m', memory: '512Mi' };
  const readiness = s.readinessProbe === undefined ? { httpGet: { path: '/', port: 5001 }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 } : s.readinessProbe;
  const liveness = s.livenessProbe === undefined
    ? { httpGet: { path: '/', port: 5001 }, initialDelaySeconds: 310, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 }
    : s.livenessProbe;
  const limits = Object.fromEntries(Object.entries(requests).filter(([k]) => k !== 'cpu' && k !== 'memory'));
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: s.service, namespace: ns, labels: { ...labels }, annotations: { 'azureml.com/workspace': s.workspace } },
      spec: {
        replicas: s.replicas ?? 1,
        selector: { matchLabels: { azuremlappname: s.service } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            containers: [{
              name: s.service,
              image: s.image ?? (s.debugPort ? DEBUGPY_IMAGE : SAMPLE_IMAGE),
              imagePullPolicy: 'IfNotPresent',
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              ports: [{ containerPort: 5001, name: 'scoring', protocol: 'TCP' }, ...(s.debugPort ? [{ containerPort: s.debugPort, name: 'debug', protocol: 'TCP' }] : [])],
              resources: { requests, ...(Object.keys(limits).length ? { limits } : {}) },
              volumeMounts: [
                { name: 'azureml-app', mountPath: '/var/azureml-app', readOnly: true },
                ...(s.debugPort ? [{ name: 'debug-hook', mountPath: DEBUG_HOOK_MOUNT, readOnly: true }] : []),
              ],
              ...(readiness ? { readinessProbe: readiness } : {}),
              ...(liveness ? { livenessProbe: liveness } : {}),
            }],
            volumes: [
              { name: 'azureml-app', hostPath: { path: s.appFolder, type: 'Directory' } },
              ...(s.debugPort ? [{ name: 'debug-hook', hostPath: { path: debugHookFolder(), type: 'Directory' } }] : []),
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: s.service, namespace: ns, labels: { ...labels } },
      spec: { selector: { azuremlappname: s.service }, ports: [{ name: 'http', port: 80, targetPort: 5001, protocol: 'TCP' }] },
    },
  ];
}

/**
 * The Azure ML v1 front end (Deployment `azureml-fe` in `default`), whose
 * presence marks a cluster attached to Azure ML. Its pods run without
 * containers: only their objects matter.
 */
export function azureMlFrontEnd(): NewObject[] {
  const labels = { app: 'azureml-fe' };
  return [{
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'azureml-fe', namespace: 'default', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { 'test.azureml-debug/no-container': 'true' } },
        spec: { containers: [{ name: 'azureml-fe', image: 'mcr.microsoft.com/azureml/amlarc/docker/azureml-fe:latest', ports: [{ containerPort: 9001 }] }] },
      },
    },
  }];
}

/** Where the debug hook is mounted in a pod (put on PYTHONPATH). */
const DEBUG_HOOK_MOUNT = '/var/azureml-debug-hook';
const HOOK_LISTEN_ENV = 'AZUREML_TEST_DEBUGPY_LISTEN';
const HOOK_WAIT_ENV = 'AZUREML_TEST_DEBUGPY_WAIT';

// What a user does to debug a pod (debugpy.listen in the server's process),
// as a sitecustomize.py, so the sample apps stay unedited. It acts only in
// the azmlinfsrv process (gunicorn/run also runs `python -m pip freeze`) and
// removes its variable so debugpy's adapter subprocess does not run it again.
const HOOK = `# Test cluster's debug hook (test/k8s-server/sample.ts).
import os
import sys


def _hook():
    listen = os.environ.pop("${HOOK_LISTEN_ENV}", "")
    argv = getattr(sys, "orig_argv", None) or [sys.executable] + list(sys.argv)
    if not listen or not any(os.path.basename(a) == "azmlinfsrv" for a in argv[1:2]):
        if listen:
            os.environ["${HOOK_LISTEN_ENV}"] = listen
        return
    import debugpy
    host, _, port = listen.rpartition(":")
    debugpy.listen((host, int(port)))
    print("test debug hook: debugpy listens on %s" % listen, file=sys.stderr, flush=True)
    if os.environ.get("${HOOK_WAIT_ENV}"):
        debugpy.wait_for_client()


_hook()
del _hook
`;

/** A host folder (readable by the image's dockeruser) holding the debug hook. */
function debugHookFolder(): string {
  const dir = join(tmpdir(), `azureml-k8s-debug-hook-${createHash('sha256').update(HOOK).digest('hex').slice(0, 12)}`);
  const file = join(dir, 'sitecustomize.py');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, HOOK, { mode: 0o644 });
    renameSync(temp, file);
  }
  return dir;
}

/** One Azure ML v2 Kubernetes online deployment to deploy on the test cluster. */
export interface AzureMlOnlineSpec {
  /** The namespace the Kubernetes compute deploys to. */
  namespace: string;
  endpoint: string;
  deployment: string;
  /** Host folder of code_configuration.code (mounted at /var/azureml-app/<its name>). */
  codeFolder: string;
  scoringScript?: string;
  model: { name: string; version: string };
  /**
   * Host folder standing in for the workspace's blob storage, holding
   * `<name>/<version>/...`; undefined: the storage refuses the download
   * (403), as it does a cluster identity without read access.
   */
  modelStore?: string;
}

// The model download, as the storage-initializer init container does it: it
// copies the model into the volume the server mounts, logging as the Azure
// Storage client logs each response (the shape public Azure ML issues quote
// from the init container of a deployment); a refused download ends with the
// client's 403 and exit 1. Arguments: model name, version.
const STORAGE_INITIALIZER = [
  'name="$1"; version="$2"; src="/mnt/model-store/$name/$version"; dest="/var/azureml-app/azureml-models/$name/$version"',
  'log() { echo "INFO:azure.storage.common.storageclient:Client-Request-ID=5f0c2e8a-0000-0000-0000-$(date +%s) $*"; }',
  'log "Outgoing request: Method=GET, Path=/azureml/ExperimentRun/models/$name/$version, Query={\'restype\': \'container\', \'comp\': \'list\'}"',
  'if [ ! -d "$src" ]; then',
  '  log "Receiving Response: Server-Timestamp=$(date -u), HTTP Status Code=403, Message=This request is not authorized to perform this operation., Headers={\'content-type\': \'application/xml\'}."',
  '  echo "azure.common.AzureHttpError: This request is not authorized to perform this operation. ErrorCode: AuthorizationFailure" >&2',
  '  exit 1',
  'fi',
  'log "Receiving Response: Server-Timestamp=$(date -u), HTTP Status Code=200, Message=OK, Headers={\'content-type\': \'application/xml\'}."',
  'mkdir -p "$dest" && cp -R "$src/." "$dest/" && echo "Model $name:$version downloaded to $dest"',
].join('\n');

/**
 * The objects an Azure ML Kubernetes online deployment makes: a Deployment
 * whose pods carry `ml.azure.com/endpoint-name`, `ml.azure.com/deployment-name`
 * and `isazuremlapp=true`, an init container `storage-initializer` that
 * downloads the model into an emptyDir, and the `inference-server` container
 * running the real-shaped image with the code folder mounted as the CLI lays
 * it out (AML_APP_ROOT, AZUREML_ENTRY_SCRIPT, AZUREML_MODEL_DIR).
 */
export function azureMlOnlineDeployment(s: AzureMlOnlineSpec): NewObject[] {
  const labels = { 'ml.azure.com/endpoint-name': s.endpoint, 'ml.azure.com/deployment-name': s.deployment, isazuremlapp: 'true' };
  const code = s.codeFolder.replace(/\/+$/, '').split('/').pop()!;
  const modelDir = `/var/azureml-app/azureml-models/${s.model.name}/${s.model.version}`;
  const name = `${s.endpoint}-${s.deployment}`;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: s.namespace, labels: { 'kubernetes.io/metadata.name': s.namespace } } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name, namespace: s.namespace, labels: { ...labels } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'ml.azure.com/endpoint-name': s.endpoint, 'ml.azure.com/deployment-name': s.deployment } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            initContainers: [{
              name: 'storage-initializer',
              image: SAMPLE_IMAGE,
              command: ['/bin/sh', '-c', STORAGE_INITIALIZER, 'storage-initializer', s.model.name, s.model.version],
              volumeMounts: [
                { name: 'model-mount', mountPath: '/var/azureml-app/azureml-models' },
                ...(s.modelStore ? [{ name: 'model-store', mountPath: '/mnt/model-store', readOnly: true }] : []),
              ],
            }],
            containers: [{
              name: 'inference-server',
              image: SAMPLE_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              env: Object.entries({
                AZUREML_MODEL_DIR: modelDir, AML_APP_ROOT: `/var/azureml-app/${code}`, AZUREML_ENTRY_SCRIPT: s.scoringScript ?? 'score.py',
              }).map(([n, value]) => ({ name: n, value })),
              ports: [{ containerPort: 5001, name: 'scoring', protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '512Mi' } },
              volumeMounts: [
                { name: 'code', mountPath: `/var/azureml-app/${code}`, readOnly: true },
                { name: 'model-mount', mountPath: '/var/azureml-app/azureml-models', readOnly: true },
              ],
              readinessProbe: { httpGet: { path: '/', port: 5001 }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 },
            }],
            volumes: [
              { name: 'code', hostPath: { path: s.codeFolder, type: 'Directory' } },
              { name: 'model-mount', emptyDir: {} },
              ...(s.modelStore ? [{ name: 'model-store', hostPath: { path: s.modelStore, type: 'Directory' } }] : []),
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    },
  ];
}
