// "Show logs" and "Show previous logs" on a pod or container: the
// container's output in the log panel. For a pod in CrashLoopBackOff or a
// container that was OOMKilled, the previous (crashed) run is opened too and
// shown first: that is where the cause is. A pod held by a failing init
// container (the model download) shows that container's output: its
// containers have none yet.
import * as vscode from 'vscode';
import { previousLogFirst } from '../../core/kubernetes/podStatus';
import { CommandIds } from '../../platform/commandIds';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { appFolderFor, pickPod, type PodTarget } from './pickPod';
import { APP_ROOT } from '../../core/model/appRoot';

/** Opens the container's log (and its previous run first when that is where the crash is); returns the tab ids. */
export function showPodLogs(services: Workbench, t: PodTarget, previous?: boolean): string[] {
  const ns = t.pod.kubernetes.namespace;
  let mappings: { remoteRoot: string; localRoot: string }[] = [];
  void appFolderFor(t.pod).then((f) => {
    if (f) mappings = [{ remoteRoot: APP_ROOT, localRoot: f.uri.fsPath }];
  });
  const source = t.bag.logSource(ns, t.pod.name, t.container, () => mappings);
  const k = t.pod.kubernetes;
  const c = [...(k.initContainers ?? []), ...k.containers].find((x) => x.name === t.container);
  if (previous === true) return [services.logs.show(source, { previous: true, preserveFocus: false })];
  const ids = [services.logs.show(source, { preserveFocus: true })];
  const hadRun = c && (c.restartCount > 0 || c.lastTermination);
  if (previous !== false && c && hadRun && previousLogFirst(c, k.status.replace(/^Init:/, ''))) ids.push(services.logs.show(source, { previous: true, preserveFocus: false }));
  return ids;
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesShowPreviousLogs, async (node?: ServiceTreeNode) => {
      const t = await pickPod(services, node, (p) => p.kubernetes.containers.some((c) => c.restartCount > 0 || c.lastTermination));
      return t ? showPodLogs(services, t, true) : undefined;
    }),
  );
}
