// The `vscode` module as the bundles import it (esbuild.mjs resolves every
// `from 'vscode'` of src/ here). esbuild gives each module that imports
// `* as vscode` from an external module a copy of the module's names, a
// getter made at load for each of the API's 200-odd names: the activation
// bundle's ten such modules made 2,000, the commands' 36 more than 7,000,
// the one bundle before them (60 such modules) 12,000. Through this file,
// which re-exports the host's module, each bundle makes one copy.
// (`export *` carries no default: a default import of vscode fails the build.)
export * from 'vscode';
