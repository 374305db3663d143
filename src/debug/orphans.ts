// Debug containers we labelled that outlived the editor session that started
// them (a crashed or killed editor): found at the next debug start and
// offered for removal once, never removed without asking.
import * as vscode from 'vscode';
import type Dockerode from 'dockerode';
import type { DebugContainerSummary } from '../docker/client/debugDocker';
import { Strings } from '../platform/localize';
import { EDITOR_SESSION_LABEL } from './configurationProvider';

/** What the check needs from the lazily loaded Docker bundle. */
export interface OrphanDocker {
  docker: Dockerode;
  list(docker: Dockerode): Promise<DebugContainerSummary[]>;
  remove(docker: Dockerode, ids: string[]): Promise<void>;
}

/** Offers cleanup of our debug containers from other editor sessions; asks at most once per activation. */
export class OrphanCheck {
  private asked = false;

  constructor(
    private readonly docker: () => OrphanDocker | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Runs in the background; a launch never waits for it. */
  run(): void {
    if (this.asked) return;
    this.asked = true;
    void this.check().catch((err: unknown) => this.log.warn(`Orphan check failed: ${(err as Error).message}`));
  }

  private async check(): Promise<void> {
    const d = this.docker();
    if (!d) return;
    const all = await d.list(d.docker);
    const orphans = all.filter((c) => c.labels[EDITOR_SESSION_LABEL] !== vscode.env.sessionId && c.labels['com.azureml-debug.keep'] !== '1');
    if (orphans.length === 0) return;
    this.log.info(`Debug containers left by an earlier session: ${orphans.map((o) => o.name).join(', ')}`);
    const remove = Strings.debug.removeOrphans();
    const choice = await vscode.window.showInformationMessage(Strings.debug.orphansFound(orphans.length, orphans.map((o) => o.name).join(', ')), remove);
    if (choice !== remove) return;
    await d.remove(d.docker, orphans.map((o) => o.id));
    this.log.info(`Removed ${orphans.length} leftover debug container(s).`);
  }
}
