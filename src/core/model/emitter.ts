// A minimal typed event emitter for pure code (the vscode EventEmitter is not
// available in core/). Listeners return a disposable, as in VS Code.

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;

/** Fires events to listeners; a throwing listener does not stop the others. */
export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(event: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        console.error('listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
