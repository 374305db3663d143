// Every command id the extension contributes, as one typed table: a typo is a
// compile error, and package.json is checked against it by a unit test.
export const CommandIds = {
  sampleOpen: 'azuremlDebug.sample.open',
  servicesRefresh: 'azuremlDebug.services.refresh',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
