// What the Debug Console says when the debugged container's connection ends:
// how it exited (the server's code and the container's), its cause and last
// lines; or that Docker stopped answering; or that it still runs. Pure
// wording over ExitInfo, so the session keeps only the waiting and sending.
import type { ExitInfo } from './debuggeeHost';
import { l10n } from '../../core/l10n';

/** "The server exited with code 3 (the container with 111)", or the container's code alone. */
export function exitSentence(info: ExitInfo): string {
  if (info.containerExitCode !== undefined) return l10n.t('The server exited with code {0} (the container with {1})', info.exitCode ?? '?', info.containerExitCode);
  return l10n.t('The container exited with code {0}', info.exitCode ?? '?');
}

/** The Debug Console's text for `info`, or undefined when there is nothing to say (still running, the socket not closed). */
export function exitReport(info: ExitInfo, socketClosed: boolean): string | undefined {
  const tail = info.logTail.join('\n');
  const lastLines = tail ? `\n${l10n.t('Last lines of its output:')}\n${tail}` : '';
  if (info.engineLost) return `${l10n.t('The connection to debugpy closed and Docker is not answering: the session ends. {0}', info.engineLost)}${lastLines}`;
  if (info.running) return socketClosed ? l10n.t('The connection to debugpy closed while the container is still running.') : undefined;
  return `${l10n.t('{0}.', exitSentence(info))}${info.cause ? ` ${info.cause}` : ''}${lastLines}`;
}
