// The context keys the extension sets when a user's gesture really worked,
// one per walkthrough step that a command alone cannot prove (a command can
// be cancelled or fail): the walkthrough's completionEvents are
// `onContext:<key>`, and a unit test checks the manifest names only these.
// Free of `vscode` values, so unit tests can load it.

export const WalkthroughContext = {
  /** The workspace holds a deployment: a score.py, inferenceconfig.json or deployment.yml. */
  deploymentFolderOpen: 'azuremlDebug.walkthrough.deploymentFolderOpen',
  /** Deploy Locally ended with a healthy service. */
  deployedLocally: 'azuremlDebug.walkthrough.deployedLocally',
  /** An `azureml` debug session stopped (not on an exception) with init() as its innermost frame. */
  stoppedInInit: 'azuremlDebug.walkthrough.stoppedInInit',
  /** The same, in run(). */
  stoppedInRun: 'azuremlDebug.walkthrough.stoppedInRun',
  /** A quick fix of a crash diagnostic was applied (its edit made, or its calculator wrote the file). */
  crashFixApplied: 'azuremlDebug.walkthrough.crashFixApplied',
  /** "Add Attach Configuration" wrote a configuration into a launch.json. */
  attachConfigurationAdded: 'azuremlDebug.walkthrough.attachConfigurationAdded',
} as const;

export type WalkthroughContextKey = (typeof WalkthroughContext)[keyof typeof WalkthroughContext];
