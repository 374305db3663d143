// The error bodies and headers Azure Resource Manager answers with, in its
// shapes (common-types v3 ErrorResponse `{ error: { code, message } }`): a
// throttled call, an expired token with its WWW-Authenticate challenge, an
// AuthorizationFailed naming client, object id, action and scope, a missing
// or unknown api-version, a resource not found.

/** An ARM error body. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** ARM's throttling answer (429, Retry-After in seconds). */
export function throttled(retryAfterSeconds: number): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds), 'x-ms-ratelimit-remaining-subscription-reads': '0' },
    body: errorBody('TooManyRequests', `The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits`),
  };
}

/** ARM's answer to an expired bearer token. */
export function expiredToken(tenantId: string, expiredAt: Date, now = new Date()): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 401,
    headers: {
      'WWW-Authenticate': `Bearer authorization_uri="https://login.windows.net/${tenantId}", error="invalid_token", error_description="The access token has expired."`,
    },
    body: errorBody('ExpiredAuthenticationToken', `The access token expiry UTC time '${expiredAt.toUTCString()}' is earlier than current UTC time '${now.toUTCString()}'.`),
  };
}

/** ARM's answer to a request without a valid bearer token. */
export function invalidToken(): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."' },
    body: errorBody('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
  };
}

/** ARM's AuthorizationFailed (403) for a caller lacking `action` on `scope`. */
export function authorizationFailed(client: string, objectId: string, action: string, scope: string): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 403,
    headers: {},
    body: errorBody('AuthorizationFailed',
      `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`),
  };
}

/** ARM's answer to a missing api-version. */
export function missingApiVersion(): { status: number; headers: Record<string, string>; body: unknown } {
  return { status: 400, headers: {}, body: errorBody('MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.") };
}

/** ARM's answer to an api-version the resource type does not have. */
export function invalidApiVersion(version: string, type: string, supported: string[]): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 400, headers: {},
    body: errorBody('InvalidResourceType', `The resource type '${type}' could not be found for api version '${version}'. The supported api-versions are '${supported.join(', ')}'.`),
  };
}

/** ARM's answer for a resource that is not there (`Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e`). */
export function notFound(resource: string, resourceGroup: string): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 404, headers: {},
    body: errorBody('ResourceNotFound', `The Resource '${resource}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  };
}
