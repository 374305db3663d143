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
