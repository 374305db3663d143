// Turns a pod's container into the Docker create options the kubelet uses:
// image, command/args as entrypoint/cmd, env, hostPath and emptyDir mounts,
// memory limit, and labels naming the pod (dockershim's naming scheme), so
// every container the test cluster makes can be found and removed.
import type Docker from 'dockerode';
import { parseQuantity } from './quantity';
import type { Container, Pod } from './types';

/** Label every test-cluster container carries (with the cluster instance id). */
export const instanceLabel = 'com.azureml-debug.k8s-server';

/** Docker create options for one run of `c` in `pod`. */
export function containerCreateOptions(pod: Pod, c: Container, attempt: number, instance: string, emptyDirs: Map<string, string>): Docker.ContainerCreateOptions {
  const meta = pod.metadata;
  const binds: string[] = [];
  for (const m of c.volumeMounts ?? []) {
    const vol = pod.spec.volumes?.find((v) => v.name === m.name);
    const host = vol?.hostPath?.path ?? emptyDirs.get(m.name);
    if (host) binds.push(`${host}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
  }
  const memory = parseQuantity(c.resources?.limits?.memory);
  const env = (c.env ?? []).map((e) => `${e.name}=${e.value ?? ''}`);
  env.push(`KUBERNETES_SERVICE_HOST=127.0.0.1`, `KUBERNETES_SERVICE_PORT=443`);
  return {
    name: `k8s_${c.name}_${meta.name}_${meta.namespace}_${meta.uid}_${attempt}`,
    Image: c.image,
    ...(c.command ? { Entrypoint: c.command } : {}),
    ...(c.args ? { Cmd: c.args } : {}),
    Env: env,
    Hostname: meta.name.slice(0, 63),
    ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
    Tty: false,
    OpenStdin: false,
    Labels: {
      'com.azureml-debug.test': '1',
      [instanceLabel]: instance,
      'io.kubernetes.pod.name': meta.name,
      'io.kubernetes.pod.namespace': meta.namespace ?? 'default',
      'io.kubernetes.pod.uid': meta.uid,
      'io.kubernetes.container.name': c.name,
    },
    HostConfig: {
      Binds: binds,
      ...(memory > 0 ? { Memory: Math.floor(memory), MemorySwap: Math.floor(memory) } : {}),
      // The kubelet restarts containers itself, as the real one does.
      RestartPolicy: { Name: 'no' },
    },
  };
}
