// What the commands build on beyond the base services: the log panel they
// show logs in and the crash diagnostics a test request reports its answer
// to. Both are registered in activate() before any command, so they are
// never missing (no `services.logs?` branches); the log panel is built on
// first use (its bundle loads then): reading `logs` builds it.
import type { Services } from './services';
import type { LogPanel } from './logs/logPanel';
import type { CrashDiagnostics } from './diagnostics/crashDiagnostics';

export interface Workbench extends Services {
  readonly logs: LogPanel;
  readonly crashes: CrashDiagnostics;
}
