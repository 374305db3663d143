// dist/diagnostics.js: every diagnostic of the extension with its quick fixes,
// registered together by src/diagnostics/lazy.ts when the first deployment is
// seen or the first YAML or Python file is opened: the crash causes of the
// services, and the checks of the files a deployment is made of (conda file,
// deployment.yml, the model paths of a scoring script).
import type { Services } from '../services';
import type { CrashDiagnostics, HeldLogs } from './crashDiagnostics';
import * as condaDiagnostics from './condaDiagnostics';
import * as crashFeature from './crashFeature';
import * as modelPathDiagnostics from './modelPathDiagnostics';
import * as onlineDiagnostics from './onlineDiagnostics';

/** Registers every diagnostic; returns the crash diagnostics (the Workbench's `crashes`). */
export function register(services: Services, logs: HeldLogs): CrashDiagnostics {
  condaDiagnostics.register(services);
  onlineDiagnostics.register(services);
  modelPathDiagnostics.register(services);
  return crashFeature.register(services, logs);
}
