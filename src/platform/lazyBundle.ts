// Loads a sibling bundle of dist/ on first use. What activation does not need
// is built by esbuild.mjs into bundles of its own (the Docker and Kubernetes
// clients, yaml, the log panel, diagnostics, debug, the commands); each is
// required here the first time its feature is used, so activation reads one
// small file. Each feature's lazy.ts names its bundle with the type of its exports.
import { join } from 'node:path';

/**
 * The exports of `dist/<name>.js` (Node's module cache keeps them: required
 * once). `bundleDir` is the folder holding the bundles, dist/ of the extension.
 */
export function loadBundle<T>(bundleDir: string, name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(bundleDir, `${name}.js`)) as T;
}

/** dist/ of the extension, the folder of the bundles. */
export function bundleDirOf(context: { readonly extensionPath: string }): string {
  return join(context.extensionPath, 'dist');
}

/** A value built on its first `get()`, once. */
export class Lazy<T> {
  private value?: { readonly it: T };

  constructor(private readonly build: () => T) {}

  get(): T {
    this.value ??= { it: this.build() };
    return this.value.it;
  }

  /** The value if it was built; builds nothing. */
  get built(): T | undefined {
    return this.value?.it;
  }
}
