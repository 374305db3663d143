// Pulls the image of an `azureml` launch before its session starts when the
// engine lacks it, in a cancellable notification showing layers and bytes.
// Done on the resolver side, not in the adapter: the adapter has no vscode
// and would need custom DAP events mapped back to a notification, while here
// no session exists yet (nothing to stop, no empty Debug Console) and
// Cancel simply means "do not launch".
import type Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type * as DockerBundle from '../docker/client/index';
import { Strings } from '../platform/localize';
import { maskSecretsInText } from '../core/model/secrets';
import { pullFailureMessage, pullProgressMessage } from '../platform/pullText';

export class ImagePullGate {
  constructor(
    private readonly docker: () => Dockerode | undefined,
    private readonly bundle: () => typeof DockerBundle,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** True when `image` is on the engine (pulled if need be); false when the launch must not go on. */
  async ready(image: string): Promise<boolean> {
    const docker = this.docker();
    // No engine: the adapter says so in its own words.
    if (!docker) return true;
    const bundle = this.bundle();
    const present = await bundle.imageIdIfPresent(docker, image).catch(() => 'unknown');
    if (present) return true;
    const started = Date.now();
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: Strings.pull.title(image), cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          progress.report({ message: Strings.pull.starting() });
          await bundle.ensureImage(docker, image, {
            signal: abort.signal,
            onProgress: (p) => {
              // The notification's bar follows the bytes; increments add up to the fraction done.
              const fraction = p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 0;
              progress.report({ message: pullProgressMessage(p), increment: Math.max(0, fraction - reported) });
              reported = Math.max(reported, fraction);
            },
          });
        } finally {
          cancel.dispose();
        }
      });
      this.log.info(`pulled ${image} in ${Date.now() - started} ms`);
      return true;
    } catch (err) {
      const e = err as DockerBundle.ImagePullError;
      if (e.cancelled) {
        this.log.info(`pull of ${image} cancelled after ${Date.now() - started} ms`);
        void vscode.window.showInformationMessage(Strings.pull.cancelled(image));
        return false;
      }
      const message = e.failure ? pullFailureMessage(e.failure) : maskSecretsInText(String(e.message));
      this.log.warn(`pull of ${image} failed (${e.failure?.kind ?? 'unknown'}): ${e.failure?.detail ?? e.message}`);
      void vscode.window.showErrorMessage(message);
      return false;
    }
  }
}
