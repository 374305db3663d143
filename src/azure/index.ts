// dist/azure.js: the Azure side of one signed-in session (the ARM client, the
// Azure ML API, the lister feeding the model), loaded by src/azure/azureAccount.ts
// when the Azure node is first expanded or a command needs Azure.
export { AzureBag } from './azureBag';
