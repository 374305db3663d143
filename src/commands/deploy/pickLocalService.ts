// The local deployment a command acts on: the tree node's, or one picked from
// the services "Deploy Locally" started (labelled with a service name).
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { isLocalDeployment } from '../../core/deploy/workspaceDeployment';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from '../service/pickService';

/** The node's service, or a picked local deployment. */
export function pickLocalService(services: Services, node: ServiceTreeNode | undefined): Promise<ServiceRecord | undefined> {
  return pickService(services, node, isLocalDeployment);
}
