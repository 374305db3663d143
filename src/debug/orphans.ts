// Debug containers we labelled that outlived the editor session that started
// them (a crashed or killed editor): found at the next debug start and
// offered for removal once, and on demand through "Remove Leftover Debug
// Containers". Never removed without asking; containers kept on purpose
// (debug.keepContainer) are not leftovers.
import * as vscode from 'vscode';
import type Dockerode from 'dockerode';
import type { DebugContainerSummary } from '../docker/client/debugDocker';
import { Strings } from '../platform/localize';
import { orphansAmong } from '../core/docker/debugContainers';

/** What the check needs from the lazily loaded Docker bundle. */
export interface OrphanDocker {
  docker: Dockerode;
  list(docker: Dockerode): Promise<DebugContainerSummary[]>;
  remove(docker: Dockerode, ids: string[]): Promise<void>;
}

export class OrphanCheck {
  private asked = false;

  constructor(
    private readonly docker: () => OrphanDocker | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** At a launch: offers cleanup in the background, at most once per activation; a launch never waits for it. */
  run(): void {
    if (this.asked) return;
    this.asked = true;
    void this.offer().catch((err: unknown) => this.log.warn(`Orphan check failed: ${(err as Error).message}`));
  }

  /**
   * The command: lists the leftovers, asks (a modal naming them) unless
   * `confirmed`, removes them. Resolves to the number removed.
   */
  async removeCommand(options?: { confirmed?: boolean }): Promise<number> {
    const d = this.docker();
    if (!d) {
      void vscode.window.showErrorMessage(Strings.dockerUnavailable());
      return 0;
    }
    const orphans = orphansAmong(await d.list(d.docker), vscode.env.sessionId);
    if (orphans.length === 0) {
      void vscode.window.showInformationMessage(Strings.debug.noOrphans());
      return 0;
    }
    const remove = Strings.debug.removeOrphans();
    if (!options?.confirmed) {
      const choice = await vscode.window.showWarningMessage(Strings.debug.confirmRemoveOrphans(orphans.length, names(orphans)), { modal: true }, remove);
      if (choice !== remove) return 0;
    }
    return this.remove(d, orphans);
  }

  private async offer(): Promise<void> {
    const d = this.docker();
    if (!d) return;
    const orphans = orphansAmong(await d.list(d.docker), vscode.env.sessionId);
    if (orphans.length === 0) return;
    this.log.info(`Debug containers left by an earlier session: ${names(orphans)}`);
    const remove = Strings.debug.removeOrphans();
    const choice = await vscode.window.showInformationMessage(Strings.debug.orphansFound(orphans.length, names(orphans)), remove);
    if (choice === remove) await this.remove(d, orphans);
  }

  private async remove(d: OrphanDocker, orphans: DebugContainerSummary[]): Promise<number> {
    await d.remove(d.docker, orphans.map((o) => o.id));
    this.log.info(`Removed ${orphans.length} leftover debug container(s).`);
    void vscode.window.showInformationMessage(Strings.debug.removedOrphans(orphans.length));
    return orphans.length;
  }
}

function names(orphans: readonly DebugContainerSummary[]): string {
  return orphans.map((o) => o.name).join(', ');
}
