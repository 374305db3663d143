// The debug container's output in the log panel, beside the Debug Console:
// the adapter announces the container it runs in, a tab follows it in the
// background (the Debug Console keeps the focus), and when the container dies
// on its own the panel opens on that tab, traceback and all. A tab for a
// container the session started and removed is closed when the session ends
// normally; after a crash it stays, since it is then the only record left.
import * as vscode from 'vscode';
import { DOCKER_CONNECTION_ID } from '../docker/dockerConnection';
import { dockerLogSource } from '../docker/dockerLogSource';
import type { Workbench } from '../workbench';
import { CONTAINER_EVENT, CONTAINER_EXITED_EVENT, type ContainerExitedBody, type ContainerRef } from './adapter/debuggeeHost';
import { APP_ROOT } from '../core/model/appRoot';

interface Followed {
  tabId: string;
  containerId: string;
  owned: boolean;
  crashed: boolean;
}

export function register(services: Workbench, debugType: string): void {
  const bySession = new Map<string, Followed>();
  services.context.subscriptions.push(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      const logs = services.logs;
      if (e.session.type !== debugType || !logs) return;
      if (e.event === CONTAINER_EVENT) {
        const c = e.body as ContainerRef;
        const appFolder = e.session.configuration.appFolder as string | undefined;
        const source = dockerLogSource({
          client: () => services.docker.client(),
          model: services.model,
          connectionId: DOCKER_CONNECTION_ID,
          containerId: c.id,
          title: c.name,
          description: `${e.session.name} · ${c.id.slice(0, 12)}`,
          pathMappings: () => (appFolder ? [{ remoteRoot: APP_ROOT, localRoot: appFolder }] : []),
        });
        bySession.set(e.session.id, { tabId: logs.show(source, { background: true }), containerId: c.id, owned: c.owned, crashed: false });
      } else if (e.event === CONTAINER_EXITED_EVENT) {
        const followed = bySession.get(e.session.id);
        if (!followed || followed.containerId !== (e.body as ContainerExitedBody).id) return;
        followed.crashed = true;
        logs.present(followed.tabId, { preserveFocus: true });
      }
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      const followed = bySession.get(session.id);
      if (!followed) return;
      bySession.delete(session.id);
      if (followed.owned && !followed.crashed) services.logs.close(followed.tabId);
    }),
  );
}
