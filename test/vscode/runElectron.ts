// `npm run test:electron`: runs the same extension-host suites in a downloaded
// VS Code through @vscode/test-electron, for machines that can download it
// (this one cannot; scripts/test.mjs uses code-server instead).
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'azureml-debug-electron-'));
  fs.cpSync(path.join(root, 'sample'), workspace, { recursive: true });
  const results = path.join(workspace, '..', `${path.basename(workspace)}-results.json`);
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [workspace, '--disable-workspace-trust', '--disable-extensions'],
      extensionTestsEnv: { AZUREML_DEBUG_TEST_RESULTS: results },
    });
  } finally {
    if (fs.existsSync(results)) console.log(fs.readFileSync(results, 'utf8'));
  }
}

main().catch((err: unknown) => {
  console.error('extension-host tests failed:', err);
  process.exit(1);
});
