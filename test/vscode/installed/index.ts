// Test entry of the driver extension that runs the smoke suite against the
// installed VSIX (see driverManifest in ../runner/runInCodeServer.ts): the
// shared mocha entry, reached from inside the driver's folder.
export { run } from '../index';
