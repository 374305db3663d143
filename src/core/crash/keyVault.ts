// Recognises an image build refused because the workspace lost access to its
// Key Vault (the seeds: an ARM template redeployed with the same parameters
// clears the vault's access policies; image creation then fails with a 500).

const explicit = /does not have (?:secrets?|keys?|certificates?) (?:get|list|set)[\w ]* permission on key ?vault|Key ?Vault[^\n]{0,80}(?:Forbidden|AccessDenied|access polic)|AKV10032|KeyVaultErrorException/i;
// Model Management Service answering 500: the seeds' SDK and CLI shape of this failure.
const mmsFailure = /Received bad response from Model Management Service:\s*(?:\\n)?\s*Response Code: 500/;
// A bare internal error only counts when an image was being created.
const internalError = /An internal server error occurred\. Please try again\. If the problem persists, contact support|"code":\s*"InternalServerError"/;
const imageContext = /Create image "|Creating image|ContainerImage\.create|Image\.create|\/images\?api-version|image build/i;

/** The evidence when the text shows a Key Vault access problem; `undefined` otherwise. */
export function keyVaultEvidence(text: string): string | undefined {
  const e = explicit.exec(text);
  if (e) return e[0];
  const m = mmsFailure.exec(text);
  if (m) return m[0];
  const i = internalError.exec(text);
  if (i && imageContext.test(text)) return i[0];
  return undefined;
}
