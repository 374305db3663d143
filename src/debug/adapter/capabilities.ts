// The capabilities the adapter announces before debugpy is reachable (a
// launch starts the container only after `initialize`), matching what
// debugpy 1.6 answers; debugpy's real answer follows as a `capabilities`
// event. Lifecycle capabilities are ours, not debugpy's. Also what the adapter
// answers for debugpy once it has gone.
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { l10n } from '../../core/l10n';

/** What debugpy 1.6 announces, as far as a client needs it up front. */
export const DEBUGPY_CAPABILITIES: DP.Capabilities = {
  supportsCompletionsRequest: true,
  supportsConditionalBreakpoints: true,
  supportsConfigurationDoneRequest: true,
  supportsDelayedStackTraceLoading: true,
  supportsEvaluateForHovers: true,
  supportsExceptionInfoRequest: true,
  supportsExceptionOptions: true,
  supportsFunctionBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsModulesRequest: true,
  supportsSetExpression: true,
  supportsSetVariable: true,
  supportsValueFormattingOptions: true,
  supportsGotoTargetsRequest: true,
  supportsClipboardContext: true,
  supportsStepInTargetsRequest: true,
};

/**
 * The exception filters, with labels for the Breakpoints view in the user's
 * language (a function: the adapter's bundle is loaded after this module).
 */
function exceptionFilters(): DP.ExceptionBreakpointsFilter[] {
  return [
    { filter: 'raised', label: l10n.t('Raised Exceptions'), default: false },
    { filter: 'uncaught', label: l10n.t('Uncaught Exceptions'), default: true },
    { filter: 'userUnhandled', label: l10n.t('User Uncaught Exceptions'), default: false },
  ];
}

/** What the adapter answers `initialize` with before debugpy is reached. */
export function initialCapabilities(): DP.Capabilities {
  return { ...DEBUGPY_CAPABILITIES, exceptionBreakpointFilters: exceptionFilters(), ...OWN_CAPABILITIES };
}

/**
 * Lifecycle capabilities decided by this adapter: restart means "restart the
 * server in the same container", and stop goes through `disconnect` only,
 * so the container is removed in one place.
 */
export const OWN_CAPABILITIES: DP.Capabilities = {
  supportsRestartRequest: true,
  supportsTerminateRequest: false,
};

/** debugpy's answer with our lifecycle capabilities laid over it. */
export function mergeCapabilities(fromDebugpy: DP.Capabilities): DP.Capabilities {
  // debugpy labels its filters in English: the ones we know keep our translated label, others pass as debugpy words them.
  const ours = new Map(exceptionFilters().map((f) => [f.filter, f.label]));
  const filters = fromDebugpy.exceptionBreakpointFilters?.map((f) => ({ ...f, label: ours.get(f.filter) ?? f.label }));
  return { ...fromDebugpy, ...(filters ? { exceptionBreakpointFilters: filters } : {}), ...OWN_CAPABILITIES };
}

/** Requests a client sends on its own while a session starts or ends, with the empty answer they get once debugpy has gone. */
export const QUIET_WHEN_CLOSED: Record<string, () => object> = {
  setBreakpoints: () => ({ breakpoints: [] }),
  setFunctionBreakpoints: () => ({ breakpoints: [] }),
  setExceptionBreakpoints: () => ({}),
  configurationDone: () => ({}),
  threads: () => ({ threads: [] }),
};
