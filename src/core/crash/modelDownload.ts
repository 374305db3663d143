// Why an init container that downloads the model failed (Azure ML's
// storage-initializer on Kubernetes online endpoints; v1 AKS services had
// one too). Its output is the Azure Storage client's: the v1 SDK logs each
// response (`HTTP Status Code=403, Message=This request is not authorized to
// perform this operation.`, as public Azure ML issues quote it), the v12 SDK
// raises with the service's error code (`ErrorCode:AuthorizationPermissionMismatch`).
// Pure: the init container's text in, its evidence out.

/** What the output says went wrong. */
export interface DownloadFailure {
  /** The storage service's HTTP status, when the output states one. */
  status?: number;
  /** The line (or part of it) that says it. */
  evidence: string;
}

const loggedResponse = /HTTP Status Code=([45]\d\d), Message=([^,\n]+)/;
const errorCode = /ErrorCode:\s*([A-Za-z]+)/;
const raised = /\b(?:AzureHttpError|AzureMissingResourceHttpError|HttpResponseError|ResourceNotFoundError|ClientAuthenticationError|ServiceRequestError): ([^\n]+)/;

/** The failure the output shows; the last line of output when none of the storage client's shapes is in it. */
export function downloadFailure(text: string): DownloadFailure | undefined {
  const logged = loggedResponse.exec(text);
  if (logged) return { status: Number(logged[1]), evidence: `HTTP ${logged[1]}: ${logged[2].trim()}` };
  const r = raised.exec(text);
  const code = errorCode.exec(text)?.[1];
  if (r) return { evidence: code && !r[1].includes(code) ? `${r[1].trim()} (${code})` : r[1].trim() };
  if (code) return { evidence: code };
  const last = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).pop();
  return last ? { evidence: last } : undefined;
}
