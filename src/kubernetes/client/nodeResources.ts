// Each node's allocatable resources, for "lower the request to what the
// largest node can give" (issue 8). One list call; quantities as the API
// writes them ("3860m", "11355312Ki"), turned into numbers by the core.
import * as k8s from '@kubernetes/client-node';
import { redactError } from '../../core/model/secrets';

/** Allocatable quantities of every node, keyed by resource name (`cpu`, `memory`, `nvidia.com/gpu`). */
export async function listNodeAllocatable(kubeConfig: k8s.KubeConfig, secrets: string[] = []): Promise<Record<string, string>[]> {
  try {
    const list = await kubeConfig.makeApiClient(k8s.CoreV1Api).listNode();
    return list.items.map((n) => ({ ...(n.status?.allocatable ?? {}) }));
  } catch (err) {
    throw new Error(redactError(err, secrets));
  }
}
