// dist/commands.js: every command of src/commands (the palette's, the tree
// menus', the code actions' internal ones), registered together on the first
// call of any; src/commands/lazy.ts holds their places until then.
import type { Workbench } from '../workbench';
import * as debugLocally from './azure/debugLocally';
import * as openBuildLog from './azure/openBuildLog';
import * as crashCommands from './crash/crashCommands';
import * as deployCommands from './deploy/index';
import * as envCommands from './env/index';
import * as kubernetesCommands from './kubernetes/index';
import * as launchCommands from './launch/index';
import * as openSample from './sample/openSample';
import * as scoreCommands from './score/index';
import * as serviceCommands from './service/index';

export { reloadOnSave } from './deploy/serviceActions';

/** Registers every command of src/commands. */
export function register(services: Workbench): void {
  openSample.register(services);
  serviceCommands.register(services);
  kubernetesCommands.register(services);
  launchCommands.register(services);
  envCommands.register(services);
  scoreCommands.register(services);
  deployCommands.register(services);
  crashCommands.register(services);
  debugLocally.register(services, services.azure);
  openBuildLog.register(services);
}
