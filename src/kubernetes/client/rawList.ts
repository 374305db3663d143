// Lists a collection as plain JSON for the informers. client-node's typed
// list deserializes every object into model classes (Dates and all), which
// for 5,000 pods cost several seconds; the records only need plain fields,
// and the watch events are plain JSON anyway.
import * as k8s from '@kubernetes/client-node';

/** Lists `path` (e.g. `/api/v1/pods`) with the context's credentials; throws with `statusCode` on an HTTP error. */
export async function rawList(kubeConfig: k8s.KubeConfig, path: string): Promise<k8s.KubernetesListObject<k8s.KubernetesObject>> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const url = new URL(cluster.server + path);
  const ctx = new k8s.RequestContext(url.toString(), k8s.HttpMethod.GET);
  await kubeConfig.applySecurityAuthentication(ctx);
  const response = await fetch(url, {
    method: 'GET',
    headers: { ...ctx.getHeaders(), Accept: 'application/json' },
    // undici's option, as client-node's own watch passes it (TLS, client certificates).
    dispatcher: ctx.getDispatcher(),
  } as RequestInit);
  if (response.status !== 200) {
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const status = (await response.json()) as { message?: string };
      if (status.message) message = status.message;
    } catch {
      // not a Status body
    }
    throw Object.assign(new Error(message), { statusCode: response.status, code: response.status });
  }
  return (await response.json()) as k8s.KubernetesListObject<k8s.KubernetesObject>;
}
