// Words for an image pull, shared by the debug launch and Deploy Locally:
// the progress line of the notification (layers and bytes) and why a pull
// failed, from the plain data src/core/docker/imagePull computes.
import { formatBytes, type PullSnapshot } from '../core/docker/imagePull/pullProgress';
import type { PullFailure } from '../core/docker/imagePull/pullFailure';
import { Strings } from './localize';

/** "3 of 8 layers, 12.0 MB of 80.5 MB". */
export function pullProgressMessage(p: PullSnapshot): string {
  if (p.layersTotal === 0) return Strings.pull.starting();
  if (p.bytesTotal === 0) return Strings.pull.layers(p.layersDone, p.layersTotal);
  return Strings.pull.layersAndBytes(p.layersDone, p.layersTotal, formatBytes(p.bytesDone), formatBytes(p.bytesTotal));
}

/** Why a pull failed and what to do, in the user's language. */
export function pullFailureMessage(f: PullFailure): string {
  switch (f.kind) {
    case 'unreachable':
      if (f.reason === 'dns') return Strings.pull.dns(f.image, f.registry, f.detail);
      if (f.reason === 'refused') return Strings.pull.refused(f.image, f.registry, f.detail);
      if (f.reason === 'timeout') return Strings.pull.timeout(f.image, f.registry, f.detail);
      return Strings.pull.unreachable(f.image, f.registry, f.detail);
    case 'auth':
      return Strings.pull.auth(f.image, f.registry, f.loginCommands.join(Strings.pull.or()), f.detail);
    case 'notFound':
      return Strings.pull.notFound(f.image, f.registry, f.detail);
    case 'engine':
      return Strings.dockerUnavailable();
    default:
      return Strings.pull.other(f.image, f.detail);
  }
}
