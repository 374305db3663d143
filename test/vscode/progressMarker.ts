// The prefix of the one-line progress messages test/vscode/index.ts logs in the
// extension host and the runner echoes live from the page console. Its own
// file so the runner does not load mocha to learn it.

/** Prefix of a progress line: `${progressMarker} ok   <title>` or `... FAIL <title>: <why>`. */
export const progressMarker = '[azureml-debug-test]';
