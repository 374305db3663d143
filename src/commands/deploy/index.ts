// The local deployment workflow of the seeds (LocalWebservice) without the
// SDK: deploy, send a test request, reload, update, delete.
import type { Workbench } from '../../workbench';
import * as deployLocal from './deployLocal';
import * as sendTestRequest from './sendTestRequest';
import * as serviceActions from './serviceActions';

export function register(services: Workbench): void {
  deployLocal.register(services);
  sendTestRequest.register(services);
  serviceActions.register(services);
}
