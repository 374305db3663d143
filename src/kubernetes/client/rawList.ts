// Plain requests with the context's credentials: a collection listed as
// plain JSON for the informers (client-node's typed list deserializes every
// object into model classes, several seconds for 5,000 pods; the records need
// plain fields only), and a byte stream (pods/log) whose abort or breakage
// ends in our own handler (client-node's Log pipes a stream whose abort
// error nobody handles: an uncaught exception in the extension host).
import * as k8s from '@kubernetes/client-node';
import { l10n } from '../../core/l10n';

/** Lists `path` (e.g. `/api/v1/pods`) with the context's credentials; throws with `statusCode` on an HTTP error. */
export function rawList(kubeConfig: k8s.KubeConfig, path: string): Promise<k8s.KubernetesListObject<k8s.KubernetesObject>> {
  return rawRequest(kubeConfig, 'GET', path) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>;
}

/** Sends one JSON request with the context's credentials; throws with `statusCode` and the server's message on an HTTP error. */
export async function rawRequest(kubeConfig: k8s.KubeConfig, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error(l10n.t('No currently active cluster'));
  const url = new URL(cluster.server + path);
  const ctx = new k8s.RequestContext(url.toString(), method === 'GET' ? k8s.HttpMethod.GET : k8s.HttpMethod.POST);
  await kubeConfig.applySecurityAuthentication(ctx);
  const response = await fetch(url, {
    method,
    headers: { ...ctx.getHeaders(), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    // undici's option, as client-node's own watch passes it (TLS, client certificates).
    dispatcher: ctx.getDispatcher(),
  } as RequestInit);
  if (response.status < 200 || response.status > 299) {
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const status = (await response.json()) as { message?: string };
      if (status.message) message = status.message;
    } catch {
      // not a Status body
    }
    throw Object.assign(new Error(message), { statusCode: response.status, code: response.status });
  }
  return response.json();
}

/** Opens a GET of `path` as a byte stream (pods/log); every error, abort included, goes to `onError`, none is thrown. */
export function rawStream(
  kubeConfig: k8s.KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  on: { open(): void; data(bytes: Uint8Array): void; end(): void; error(err: Error): void },
): AbortController {
  const controller = new AbortController();
  void (async () => {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error(l10n.t('No currently active cluster'));
    const url = new URL(cluster.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new k8s.RequestContext(url.toString(), k8s.HttpMethod.GET);
    await kubeConfig.applySecurityAuthentication(ctx);
    const response = await fetch(url, { method: 'GET', headers: ctx.getHeaders(), dispatcher: ctx.getDispatcher(), signal: controller.signal } as RequestInit);
    if (response.status !== 200 || !response.body) {
      let message = response.statusText || `HTTP ${response.status}`;
      try {
        const status = (await response.json()) as { message?: string };
        if (status.message) message = status.message;
      } catch {
        // not a Status body
      }
      throw Object.assign(new Error(`${message} (HTTP ${response.status})`), { statusCode: response.status, code: response.status });
    }
    on.open();
    // Our own reader loop: an abort or a broken connection ends here, never as an unhandled stream error.
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value) on.data(value);
    }
    on.end();
  })().catch((err: unknown) => {
    if (controller.signal.aborted) return;
    on.error(err instanceof Error ? err : new Error(String(err)));
  });
  return controller;
}
