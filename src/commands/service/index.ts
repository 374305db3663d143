// The actions on a service in the tree (and the palette): logs, lifecycle,
// shell, scoring URL, inspect, path doctor, pin.
import type { Workbench } from '../../workbench';
import * as copyScoringUrl from './copyScoringUrl';
import * as debugService from './debugService';
import * as inspect from './inspect';
import * as lifecycle from './lifecycle';
import * as openShell from './openShell';
import * as pathDoctor from './pathDoctor';
import * as pin from './pin';
import * as showLogs from './showLogs';

export function register(services: Workbench): void {
  showLogs.register(services);
  lifecycle.register(services);
  openShell.register(services);
  copyScoringUrl.register(services);
  inspect.register(services);
  pathDoctor.register(services);
  pin.register(services);
  debugService.register(services);
}
