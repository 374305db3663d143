// The generated build context as the tar stream the engine reads, packed by
// tar-stream (the packer under dockerode's tar-fs, so nothing new is bundled).
// Owner and mtime are fixed so the same files give the same bytes; a path
// longer than ustar holds goes into a pax header, as GNU tar writes it.
import { pack, type Pack } from 'tar-stream';
import type { ContextFile } from '../../core/deploy/deployPlan';

/** A streamx readable, which dockerode pipes as it pipes tar-fs's packs. */
export function packContext(files: readonly ContextFile[]): Pack {
  const archive = pack();
  for (const f of files) {
    archive.entry({ name: f.path, size: f.data.length, mode: f.mode ?? 0o644, mtime: new Date(0), uid: 0, gid: 0, type: 'file' }, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength));
  }
  archive.finalize();
  return archive;
}
