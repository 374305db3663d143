// The objects of Azure ML v1 AKS web services, for the demo and the tests:
// namespace azureml-<workspace>, a Deployment named after the service whose
// pods carry isazuremlapp=true and azuremlappname=<service>, the app folder
// mounted at /var/azureml-app from the host, and a ClusterIP Service.
import type { Probe } from './probe';
import type { NewObject } from './types';

/** One Azure ML web service to deploy on the test cluster. */
export interface AzureMlServiceSpec {
  workspace: string;
  service: string;
  /** Host folder with score.py (mounted at /var/azureml-app). */
  appFolder: string;
  image?: string;
  replicas?: number;
  /** Requests, e.g. { cpu: '100m', memory: '512Mi', 'nvidia.com/gpu': '1' }. */
  requests?: Record<string, string>;
  env?: Record<string, string>;
  /** Runs the server under debugpy listening on this container port (declared as `debug`). */
  debugPort?: number;
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
    // run.sh puts these arguments before `-m gunicorn` (the image's debugger hook).
    ...(s.debugPort ? { AZUREML_SERVER_PYTHON_ARGS: `-m debugpy --listen 0.0.0.0:${s.debugPort}`, AZUREML_DEBUG_PORT: String(s.debugPort) } : {}),
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
              image: s.image ?? 'azureml-debug/inference:latest',
              imagePullPolicy: 'IfNotPresent',
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              ports: [{ containerPort: 5001, name: 'scoring', protocol: 'TCP' }, ...(s.debugPort ? [{ containerPort: s.debugPort, name: 'debug', protocol: 'TCP' }] : [])],
              resources: { requests, ...(Object.keys(limits).length ? { limits } : {}) },
              volumeMounts: [{ name: 'azureml-app', mountPath: '/var/azureml-app', readOnly: true }],
              ...(readiness ? { readinessProbe: readiness } : {}),
              ...(liveness ? { livenessProbe: liveness } : {}),
            }],
            volumes: [{ name: 'azureml-app', hostPath: { path: s.appFolder, type: 'Directory' } }],
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
