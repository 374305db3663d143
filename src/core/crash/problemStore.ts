// What is wrong with each service, as the crash analysis last found it: the
// tree reads it to show a problem icon and the cause, the diagnostics glue
// writes it. Pure: keys and plain records in, change events out.
import { Emitter } from '../model/emitter';

/** The problem of one service: its most telling finding, said for the tree. */
export interface ServiceProblem {
  connectionId: string;
  serviceId: string;
  /** Finding code of the headline cause (`init-failed`, `oom-killed`, ...). */
  code: string;
  /** The cause in a few words, for the tree node's description. */
  summary: string;
  /** How many findings were made (diagnostics published). */
  count: number;
}

/** A service whose problem appeared, changed or went away. */
export interface ProblemChange {
  connectionId: string;
  serviceId: string;
  problem?: ServiceProblem;
}

function keyOf(connectionId: string, serviceId: string): string {
  return `${connectionId}\u0000${serviceId}`;
}

/** Holds one problem per service; fires only on a real difference. */
export class ProblemStore {
  private readonly problems = new Map<string, ServiceProblem>();
  private readonly changes = new Emitter<ProblemChange>();
  readonly onDidChange = this.changes.event;

  get(connectionId: string, serviceId: string): ServiceProblem | undefined {
    return this.problems.get(keyOf(connectionId, serviceId));
  }

  all(): ServiceProblem[] {
    return [...this.problems.values()];
  }

  /** Records the service's problem (replacing the previous one). */
  set(problem: ServiceProblem): void {
    const key = keyOf(problem.connectionId, problem.serviceId);
    const before = this.problems.get(key);
    if (before && JSON.stringify(before) === JSON.stringify(problem)) return;
    this.problems.set(key, { ...problem });
    this.changes.fire({ connectionId: problem.connectionId, serviceId: problem.serviceId, problem: { ...problem } });
  }

  /** Forgets the service's problem (healthy again, or removed). */
  clear(connectionId: string, serviceId: string): void {
    if (this.problems.delete(keyOf(connectionId, serviceId))) this.changes.fire({ connectionId, serviceId });
  }

  dispose(): void {
    this.problems.clear();
    this.changes.dispose();
  }
}
