// Which Azure a sign-in talks to: the public cloud, or a sovereign one chosen
// with VS Code's own setting `microsoft-sovereign-cloud.environment`
// (ChinaCloud, USGovernment, or custom with `microsoft-sovereign-cloud.customEnvironment`,
// the same setting VS Code's Microsoft sign-in reads), turned into the
// Resource Manager endpoint the client calls and the scope the session asks
// for. The setting's values and the provider ids are those of VS Code's
// extensions/microsoft-authentication/package.json (microsoft/vscode). Pure;
// the glue reads the settings and hands them in.
import { l10n } from '../l10n';

/** A cloud: where Resource Manager answers, and the scope of a token for it. */
export interface AzureCloud {
  name: string;
  /** The authentication provider to ask: `microsoft`, or `microsoft-sovereign-cloud` for any other cloud. */
  providerId: 'microsoft' | 'microsoft-sovereign-cloud';
  /** Resource Manager, e.g. https://management.azure.com */
  armEndpoint: string;
  /** The scope `vscode.authentication.getSession('microsoft', [scope])` asks for. */
  armScope: string;
}

/** The clouds VS Code names, with their well-known endpoints. */
export const CLOUDS: Record<'AzureCloud' | 'ChinaCloud' | 'USGovernment', AzureCloud> = {
  AzureCloud: { name: 'AzureCloud', providerId: 'microsoft', armEndpoint: 'https://management.azure.com', armScope: 'https://management.core.windows.net//.default' },
  ChinaCloud: { name: 'ChinaCloud', providerId: 'microsoft-sovereign-cloud', armEndpoint: 'https://management.chinacloudapi.cn', armScope: 'https://management.core.chinacloudapi.cn//.default' },
  USGovernment: { name: 'USGovernment', providerId: 'microsoft-sovereign-cloud', armEndpoint: 'https://management.usgovcloudapi.net', armScope: 'https://management.core.usgovcloudapi.net//.default' },
};

/** The custom environment's fields this reads (the @azure/ms-rest-azure-env shape VS Code documents for it). */
export interface CustomEnvironment {
  name?: string;
  resourceManagerEndpointUrl?: string;
  activeDirectoryResourceId?: string;
}

/** Why the settings name no cloud: an unknown environment, or a custom one without an https Resource Manager URL. */
export type CloudProblem = { problem: 'unknownEnvironment'; value: string } | { problem: 'customNeedsHttps' };

/**
 * The cloud of the settings, with no wording (the activation bundle reads it
 * before any string is loaded): `environment` is the value of
 * `microsoft-sovereign-cloud.environment` (undefined or empty: the public
 * cloud); `custom` that of `...customEnvironment`. An unknown value, or a
 * custom one without an https Resource Manager URL, is a problem to show, not
 * a silent fall back to the public cloud (the user's token would go there).
 */
export function resolveCloud(environment: string | undefined, custom?: CustomEnvironment): AzureCloud | CloudProblem {
  if (!environment) return CLOUDS.AzureCloud;
  if (environment in CLOUDS) return CLOUDS[environment as keyof typeof CLOUDS];
  if (environment !== 'custom') return { problem: 'unknownEnvironment', value: environment };
  const arm = custom?.resourceManagerEndpointUrl;
  let url: URL | undefined;
  try {
    url = arm ? new URL(arm) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') return { problem: 'customNeedsHttps' };
  const resource = custom?.activeDirectoryResourceId ?? `${url.origin}/`;
  return { name: custom?.name ?? 'custom', providerId: 'microsoft-sovereign-cloud', armEndpoint: url.origin, armScope: `${resource.endsWith('/') ? resource : `${resource}/`}/.default` };
}

/** {@link resolveCloud}, a problem worded for the user. */
export function cloudOf(environment: string | undefined, custom?: CustomEnvironment): AzureCloud | { error: string } {
  const c = resolveCloud(environment, custom);
  if (!('problem' in c)) return c;
  return { error: c.problem === 'unknownEnvironment' ? l10n.t('The setting `microsoft-sovereign-cloud.environment` has a value this extension does not know: {0}.', c.value) : l10n.t('The setting `microsoft-sovereign-cloud.customEnvironment` needs a resourceManagerEndpointUrl that is an https URL.') };
}
