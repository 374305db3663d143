// Stands in for dockerode's two BuildKit modules in the bundles (esbuild.mjs):
// lib/session.js (a BuildKit session: gRPC over an HTTP/2 upgrade, with
// @grpc/grpc-js and @grpc/proto-loader) and lib/buildkit.js (BuildKit's
// progress decoding, with protobufjs and a .proto file read from beside it,
// which a bundle does not carry): 1 MB that dockerode requires when it loads
// but calls only from buildImage with `version: '2'` and docker.followProgress.
// Nothing here uses either: builds go through the classic builder
// (localImageBuild.ts), progress through docker.modem.followProgress.

type SessionHandler = (err: Error | null, sessionId: string | null, done: () => void) => void;

const absent = 'BuildKit builds (buildImage with version "2", docker.followProgress) are not part of this extension\'s Docker client.';

/** lib/session.js: fails as dockerode's own does when a session cannot start, through the handler. */
function withSession(_docker: unknown, _auth: unknown, handler: SessionHandler): void {
  handler(new Error(absent), null, () => undefined);
}

/** lib/buildkit.js's one export. */
function followProgress(): never {
  throw new Error(absent);
}

export = Object.assign(withSession, { followProgress });
