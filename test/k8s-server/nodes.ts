// The cluster's nodes: an AKS-like agent pool (Standard_DS3_v2: 4 vCPU,
// 14 GiB) with capacity and allocatable as AKS reserves them, and no GPUs,
// so a pod asking for nvidia.com/gpu cannot be scheduled.
import type { NewObject } from './types';

/** Options for the node pool. */
export interface NodePoolOptions { count?: number; gpus?: number }

/** The Node objects of the pool. */
export function nodePool(opts: NodePoolOptions = {}): NewObject[] {
  const out: NewObject[] = [];
  for (let i = 0; i < (opts.count ?? 3); i++) {
    const name = `aks-nodepool1-12345678-vmss00000${i}`;
    const gpu: Record<string, string> = opts.gpus ? { 'nvidia.com/gpu': String(opts.gpus) } : {};
    out.push({
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', agentpool: 'nodepool1',
          'node.kubernetes.io/instance-type': 'Standard_DS3_v2', 'topology.kubernetes.io/region': 'westeurope', 'kubernetes.azure.com/role': 'agent',
        },
      },
      spec: { providerID: `azure:///subscriptions/0/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/${i}` },
      status: {
        capacity: { cpu: '4', memory: '14339760Ki', pods: '110', 'ephemeral-storage': '129886128Ki', ...gpu },
        allocatable: { cpu: '3860m', memory: '11355312Ki', pods: '110', 'ephemeral-storage': '119703055367', ...gpu },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [{ type: 'InternalIP', address: `10.224.0.${4 + i}` }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.32.4', containerRuntimeVersion: 'docker://20.10.24', osImage: 'Ubuntu 22.04.5 LTS', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
  }
  return out;
}
