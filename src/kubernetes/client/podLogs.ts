// A pod container's output as a LogSource for the log panel: pods/log with
// follow, timestamps, tail, since, and `previous` (the terminated run, where
// a crash loop's traceback is). A followed stream that ends because the
// container exited is reopened when the next run starts, with a restart mark;
// one that breaks is reopened from the last timestamp (the sink dedupes).
import type * as k8s from '@kubernetes/client-node';
import type { LogOpenOptions, LogSink, LogSource, LogStreamHandle, PathMapping } from '../../core/logs/logSource';
import { redactError } from '../../core/model/secrets';
import type { ServiceModel } from '../../core/model/serviceModel';
import { podRecordId } from '../../core/kubernetes/records';
import { rawStream } from './rawList';
import { l10n } from '../../core/l10n';

/** What a pod log source needs. */
export interface PodLogOptions {
  kubeConfig: k8s.KubeConfig;
  model: ServiceModel;
  connectionId: string;
  namespace: string;
  pod: string;
  container: string;
  title: string;
  description?: string;
  secrets: string[];
  pathMappings?: () => readonly PathMapping[];
  /** Called with every open stream so the connection's bag can close it when thrown away. */
  track?: (handle: LogStreamHandle) => LogStreamHandle;
}

function containerOf(model: ServiceModel, o: PodLogOptions) {
  const r = model.get(o.connectionId, podRecordId(o.namespace, o.pod));
  return r?.kubernetes?.object === 'pod' ? r.kubernetes.containers.find((c) => c.name === o.container) : undefined;
}

/** The log source of one container of one pod. */
export function podLogSource(o: PodLogOptions): LogSource {
  return {
    id: `kubernetes:${o.connectionId}/${o.namespace}/${o.pod}/${o.container}`,
    title: o.title,
    description: o.description,
    previous: 'stream',
    pathMappings: o.pathMappings,
    open(options: LogOpenOptions, sink: LogSink): LogStreamHandle {
      let closed = false;
      let abort: AbortController | undefined;
      let modelSub: { dispose(): void } | undefined;
      let retryTimer: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      const finish = () => {
        if (closed) return;
        closed = true;
        modelSub?.dispose();
        clearTimeout(retryTimer);
        abort?.abort();
      };
      const openOnce = (since: string | undefined) => {
        if (closed) return;
        const startedAt = containerOf(o.model, o)?.startedAt;
        const restarts = containerOf(o.model, o)?.restartCount ?? 0;
        let ended = false;
        sink.state?.('connecting');
        abort = rawStream(
          o.kubeConfig,
          `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`,
          { container: o.container, follow: options.follow && !options.previous ? true : undefined, timestamps: options.timestamps || undefined, previous: options.previous || undefined, tailLines: options.tail, sinceTime: since },
          {
            open: () => {
              failures = 0;
              if (!closed) sink.state?.('live');
            },
            data: (bytes) => {
              if (!closed) sink.data({ text: bytes, stream: 'stdout' });
            },
            end: () => {
              if (ended || closed) return;
              ended = true;
              if (!options.follow || options.previous) {
                finish();
                sink.end();
                return;
              }
              sink.state?.('reconnecting', l10n.t('the container stopped; waiting for its next run'));
              waitForNextRun(startedAt, restarts);
            },
            error: (err) => {
              if (closed) return;
              const message = redactError(err, o.secrets);
              const gone = !o.model.get(o.connectionId, podRecordId(o.namespace, o.pod));
              // A `previous` that does not exist, or a pod that is gone, will not get better by retrying.
              if (options.previous || gone || /\b(400|404)\b|BadRequest|NotFound|previous terminated container/i.test(message) || !options.follow) {
                finish();
                sink.error(new Error(message), false);
                return;
              }
              failures++;
              sink.error(new Error(message), true);
              // Reopen from the last line received; the sink drops what it already holds.
              retryTimer = setTimeout(() => openOnce(sink.resumeFrom()), Math.min(30000, 1000 * 2 ** Math.min(5, failures - 1)));
            },
          },
        );
      };
      // The next run shows up in the model (the informer's update): no polling.
      const waitForNextRun = (startedAt: string | undefined, restarts: number) => {
        const check = () => {
          const r = o.model.get(o.connectionId, podRecordId(o.namespace, o.pod));
          if (!r) {
            finish();
            sink.end();
            return;
          }
          const c = containerOf(o.model, o);
          if (c?.state === 'running' && (c.startedAt !== startedAt || c.restartCount > restarts)) {
            modelSub?.dispose();
            modelSub = undefined;
            sink.restart({ at: c.startedAt, exitCode: c.lastTermination?.exitCode, reason: c.lastTermination?.reason, restartCount: c.restartCount });
            openOnce(undefined);
          }
        };
        modelSub = o.model.onDidChange((ch) => {
          const id = ch.type === 'added' || ch.type === 'updated' || ch.type === 'removed' ? ch.service.id : undefined;
          if (id === podRecordId(o.namespace, o.pod) && ch.type !== 'connection') check();
        });
        check();
      };
      openOnce(options.since);
      const handle: LogStreamHandle = { dispose: finish };
      return o.track ? o.track(handle) : handle;
    },
  };
}
