/** A failure talking to Sentinel or Entra, with a hint saying what to check. Never carries a secret or token. */
export class SentinelError extends Error {
  readonly status?: number;
  readonly code?: string;
  readonly hint?: string;
  /** True when retrying cannot help (wrong workspace, missing role, bad credentials, malformed request). */
  readonly fatal: boolean;

  constructor(message: string, details: { status?: number; code?: string; hint?: string; fatal?: boolean; cause?: unknown } = {}) {
    super(details.hint ? `${message}. ${details.hint}` : message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SentinelError';
    this.status = details.status;
    this.code = details.code;
    this.hint = details.hint;
    this.fatal = details.fatal ?? false;
  }
}

/** Entra (AADSTS) error codes mapped to the parameter a person should check. */
const AADSTS_HINTS: Array<[RegExp, string]> = [
  [/AADSTS7000215|AADSTS7000222|AADSTS7000216|AADSTS50012/, 'Check the Client Secret parameter: Entra ID refused it (wrong value, or expired)'],
  [/AADSTS700016|AADSTS700038|AADSTS90014/, 'Check the Client ID parameter: no such application is registered in that tenant'],
  [/AADSTS90002|AADSTS900023|AADSTS90072|AADSTS50020/, 'Check the Tenant ID parameter: Entra ID does not know that tenant'],
  [/AADSTS500011|AADSTS70011/, 'The token scope was refused: check the Azure Cloud parameter'],
];

/** Turns an Entra/msal failure into one clear error naming the parameter to check. */
export function authError(err: unknown): SentinelError {
  const text = err instanceof Error ? `${err.message} ${(err as { errorCode?: string }).errorCode ?? ''}` : String(err);
  const match = AADSTS_HINTS.find(([re]) => re.test(text));
  const code = /AADSTS\d+/.exec(text)?.[0];
  if (match) return new SentinelError(`Microsoft Entra ID refused the sign-in (${code})`, { code, hint: match[1], fatal: true });
  if (/endpoints_resolution_error/.test(text)) {
    // msal could not read the tenant's OpenID metadata: Entra answers that for a tenant it does not know.
    return new SentinelError('Microsoft Entra ID could not find the tenant', {
      code: 'endpoints_resolution_error',
      hint: 'Check the Tenant ID parameter and the Azure Cloud parameter; if both are right, check network access to the Entra authority',
      fatal: true,
    });
  }
  const network = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|certificate|self[- ]signed|network/i.test(text);
  return new SentinelError('Could not get a token from Microsoft Entra ID', {
    code,
    hint: network
      ? 'Check network access to the Entra authority (and the proxy settings, if one is used)'
      : `Check the Client ID, Client Secret and Tenant ID parameters (${firstLine(text)})`,
    fatal: !network,
    cause: err,
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

/** What to check for an upload answer that retrying cannot fix. */
export function uploadStatusError(status: number, serverMessage: string | undefined, code: string | undefined): SentinelError {
  const said = serverMessage ? `: ${serverMessage}` : '';
  switch (status) {
    case 400:
      return new SentinelError(`Sentinel refused the upload request as malformed (400)${said}`, { status, code, fatal: true });
    case 403:
      return new SentinelError(`Sentinel denied the upload (403)${said}`, {
        status,
        code,
        hint: 'Check that the app registration has the Microsoft Sentinel Contributor role on the workspace',
        fatal: true,
      });
    case 404:
      return new SentinelError(`Sentinel answered 404 Not Found${said}`, {
        status,
        code,
        hint: 'Check the Sentinel Workspace ID parameter (the workspace GUID) and, if set, the Sentinel API URL override',
        fatal: true,
      });
    default:
      return new SentinelError(`Sentinel answered ${status}${said}`, { status, code, fatal: status >= 400 && status < 500 && status !== 408 });
  }
}
