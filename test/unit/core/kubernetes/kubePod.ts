// A pod of an Azure ML v1 service (its ReplicaSet owner, scoring port and
// AZUREML_MODEL_DIR), with the status and any other part a test gives.
import type { KPod } from '../../../../src/core/kubernetes/objects';

export function pod(status: KPod['status'], extra: Partial<KPod> = {}): KPod {
  return {
    metadata: { name: 'svc-7d9f8c6b5d-abcde', namespace: 'azureml-ws', labels: { isazuremlapp: 'true', azuremlappname: 'svc', 'pod-template-hash': '7d9f8c6b5d' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'svc-7d9f8c6b5d' }], creationTimestamp: '2026-11-23T10:00:00Z' },
    spec: { containers: [{ name: 'svc', image: 'img:1', ports: [{ containerPort: 5001, name: 'scoring' }], env: [{ name: 'AZUREML_MODEL_DIR', value: '/var/azureml-app' }] }] },
    status,
    ...extra,
  };
}
