// Resolves `azureml` debug configurations before a session starts: refuses in
// an untrusted workspace (nothing is started), fills launch defaults (the
// folder's score.py, the image, timeouts), then, once VS Code has substituted
// the variables, checks the paths and pulls a missing image; worker child
// sessions pass through untouched.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../platform/settings';
import { Strings } from '../platform/localize';

import { EDITOR_SESSION_LABEL } from '../core/docker/debugContainers';
import { checkLaunchPaths } from '../core/edits/launchPaths';
import { APP_ROOT } from '../core/model/appRoot';

export { EDITOR_SESSION_LABEL };

export class AzuremlConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly settings: Settings,
    private readonly sampleFolder: () => string,
    /** Called for each launch about to start (orphan cleanup is offered there). */
    private readonly beforeLaunch: () => void,
    /** Makes sure a launch's image is on the engine (pulled with progress); false: do not launch. */
    private readonly imageReady?: (image: string) => Promise<boolean>,
  ) {}

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(Strings.untrustedNothingStarted());
      return undefined;
    }
    // A gunicorn worker opened by a running session: its configuration is complete.
    if (config.__azuremlDebugpyArgs) return config;
    if (!config.type && !config.request && !config.name) {
      // F5 with no launch.json: debug the folder's deployment (or the sample).
      config = { type: 'azureml', request: 'launch', name: Strings.debug.defaultName() };
    }
    if (config.request === 'launch') return this.resolveLaunch(folder, config);
    if (config.request === 'attach') return this.resolveAttach(folder, config);
    void vscode.window.showErrorMessage(Strings.debug.badRequest(String(config.request)));
    return undefined;
  }

  /**
   * After VS Code substituted the variables: the launch's paths are checked
   * here, not before (`${workspaceFolder}` is still text there), then a
   * missing image is pulled before the session exists.
   */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // Workers are children of a running launch; attaches start nothing here.
    if (config.request !== 'launch' || config.__azuremlDebugpyArgs) return config;
    const paths = checkLaunchPaths(
      { appFolder: String(config.appFolder), entryScript: String(config.entryScript), folder: folder?.uri.fsPath },
      (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    );
    if (!paths.ok) {
      void vscode.window.showErrorMessage(paths.problem === 'unsubstituted'
        ? Strings.debug.unsubstituted(paths.variable, config.name)
        : Strings.debug.noEntryScript(paths.entryScript, paths.appFolder));
      return undefined;
    }
    const resolved: vscode.DebugConfiguration = { ...config, appFolder: paths.appFolder };
    // Models kept beside score.py (model/...) are found the way the sample's init() looks them up.
    if (resolved.modelDir === undefined && !config.service && fs.existsSync(path.join(paths.appFolder, 'model'))) resolved.modelDir = APP_ROOT;
    // A service's own image is on the engine already.
    if (!config.service && typeof config.image === 'string' && this.imageReady && !(await this.imageReady(config.image))) return undefined;
    this.beforeLaunch();
    return resolved;
  }

  /** Defaults only: nothing here may depend on a path, whose variables are not substituted yet. */
  private resolveLaunch(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    return {
      ...config,
      appFolder: config.appFolder ?? folder?.uri.fsPath ?? this.sampleFolder(),
      entryScript: config.entryScript ?? 'score.py',
      // "Debug" on a service reuses the service's own image (the launch host reads it); the setting is for the rest.
      image: config.image ?? (config.service ? undefined : this.settings.debugImage),
      keepContainer: config.keepContainer ?? this.settings.debugKeepContainer,
      readyTimeout: config.readyTimeout ?? this.settings.debugReadyTimeoutSeconds,
      labels: { ...(config.labels as Record<string, string> | undefined), [EDITOR_SESSION_LABEL]: vscode.env.sessionId },
    };
  }

  private resolveAttach(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    const resolved: vscode.DebugConfiguration = { ...config, readyTimeout: config.readyTimeout ?? this.settings.debugReadyTimeoutSeconds };
    if (!config.container && !config.host && !config.port && !config.connect) {
      resolved.host = '127.0.0.1';
      resolved.port = this.settings.debugPort;
    }
    if (!config.pathMappings && !config.container && folder) {
      resolved.pathMappings = [{ localRoot: folder.uri.fsPath, remoteRoot: APP_ROOT }];
    }
    return resolved;
  }
}
