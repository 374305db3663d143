// What a failed image build says to the user, from the builder's own error:
// a full disk is Docker's, not the Dockerfile's, and says how to get space
// back; anything else is the builder's words as they are.
import { l10n } from '../l10n';

/**
 * The message for the builder's error `said` (its `error` line) given the
 * build's output `log`. A step whose program hit the full disk only says
 * "returned a non-zero code"; the program's own complaint is in the failed
 * step's output, after the builder's last `Step N/M` line.
 */
export function buildFailureMessage(said: string, log = ''): string {
  const text = said.trim();
  const lastStep = log.lastIndexOf('\nStep ');
  const stepOutput = log.slice(Math.max(0, lastStep, log.length - 64 * 1024));
  if (/no space left on device/i.test(text) || /no space left on device/i.test(stepOutput)) {
    return l10n.t(
      'Docker ran out of disk space during the build (no space left on device). Free space with `docker system prune` (or give Docker Desktop more disk: Settings > Resources), then deploy again; your files were not changed. Docker said: {0}',
      text.length > 300 ? `${text.slice(0, 300)}…` : text,
    );
  }
  return text;
}
