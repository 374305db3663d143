// "Show logs": streams a service's output into the log panel, following it
// across restarts and daemon outages (see dockerLogSource).
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from './pickService';
import { isPod, pickPod } from '../kubernetes/pickPod';
import { showPodLogs } from '../kubernetes/podLogs';
import { verbsOf } from '../../connections';

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.serviceShowLogs, async (node?: ServiceTreeNode) => {
      // A pod, or a container of one: the cluster side opens its log (and the crashed run's).
      const r = node?.type === 'service' ? services.model.get(node.connectionId, node.serviceId) : undefined;
      // A pod still in its init containers: the one that has not finished is all that has output.
      const stuck = isPod(r) && r.kubernetes.status.startsWith('Init:') ? r.kubernetes.initContainers?.find((c) => !(c.state === 'terminated' && c.exitCode === 0)) : undefined;
      const at: ServiceTreeNode | undefined = stuck && r ? { type: 'kubernetesContainer', connectionId: r.connectionId, serviceId: r.id, container: stuck.name } : node;
      const target = at?.type === 'kubernetesContainer' || isPod(r) ? await pickPod(services, at) : undefined;
      if (target) return showPodLogs(services, target);
      const record = await pickService(services, node);
      if (!record) return;
      // Azure: the deployment's InferenceServer log (a v1 web service's log), followed by polling.
      if (record.kind === 'azure') {
        services.logs.show(verbsOf(services, record).logSource(record));
        // Its record stays the same while the log grows: analyzed again now that the user looks at it.
        void services.crashes.reanalyze(record);
        return;
      }
      if (record.kind !== 'docker') {
        const t = isPod(record) ? await pickPod(services, { type: 'service', connectionId: record.connectionId, serviceId: record.id }) : undefined;
        return t ? showPodLogs(services, t) : undefined;
      }
      services.logs.show(verbsOf(services, record).logSource(record));
    }),
    // An online deployment's other container: storage-initializer, which downloads the model before the
    // server starts (a deployment stuck or failing there has nothing in its InferenceServer log yet).
    vscode.commands.registerCommand(CommandIds.azureShowModelDownloadLog, async (node?: ServiceTreeNode) => {
      const record = await pickService(services, node, (r) => r.kind === 'azure' && r.azure?.view.kind === 'online');
      if (record) services.logs.show(verbsOf(services, record).logSource(record, 'StorageInitializer'));
    }),
  );
}
