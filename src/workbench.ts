// What the commands build on beyond the base services: the log panel they
// show logs in and the crash diagnostics a test request reports its answer
// to. Both are registered in activate() before any command, and each is
// built on first use (its bundle loads then): reading `logs` or `crashes`
// builds it, so they are never missing (no `services.logs?` branches).
import type { Services } from './services';
import type { LogPanel } from './logs/logPanel';
import type { CrashDiagnostics } from './diagnostics/crashDiagnostics';

export interface Workbench extends Services {
  readonly logs: LogPanel;
  readonly crashes: CrashDiagnostics;
}
