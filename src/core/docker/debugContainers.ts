// Which of our debug containers are leftovers: each carries the id of the
// editor session that started it, and a "keep" label when the user asked to
// keep it after the session (debug.keepContainer).

/** Label that ties a debug container to the editor session that started it. */
export const EDITOR_SESSION_LABEL = 'com.azureml-debug.editorSession';

/** Label on a debug container kept on purpose: never offered for cleanup. */
export const KEEP_LABEL = 'com.azureml-debug.keep';

/** The containers that belong to no live session of this editor and were not kept on purpose. */
export function orphansAmong<T extends { labels: Record<string, string> }>(all: readonly T[], sessionId: string): T[] {
  return all.filter((c) => c.labels[EDITOR_SESSION_LABEL] !== sessionId && c.labels[KEEP_LABEL] !== '1');
}
