import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import type { SimulatorState } from './simulator-state';

/** A GUID, as Entra writes trace and correlation ids. */
const guid = () => {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Entra's error answer for a refused client-credentials request, as its documentation shows it: the description
 * ends with the trace id, correlation id and time (separated by CR LF); `timestamp` is `YYYY-MM-DD HH:MM:SSZ`.
 */
function entraError(res: express.Response, status: number, error: string, code: number, description: string): void {
  const traceId = guid();
  const correlationId = guid();
  const timestamp = `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
  res.status(status).json({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`.replace(
      / (Trace ID|Correlation ID|Timestamp):/g,
      '\r\n$1:',
    ),
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/**
 * The Microsoft Entra endpoints msal-node uses for client credentials: the OpenID metadata of the tenant and the
 * v2 token endpoint. Tokens are opaque, expire after the configured lifetime, and are checked on upload.
 */
export function entraRoutes(state: SimulatorState): Router {
  const router = Router();
  const base = () => state.authorityHost;
  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = req.params.tenant;
    if (tenant !== state.credentials.tenantId) {
      res.status(400).json({ error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found.`, error_codes: [90002] });
      return;
    }
    res.json({
      token_endpoint: `${base()}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base()}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base()}/${tenant}/v2.0`,
      authorization_endpoint: `${base()}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base()}/${tenant}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base()}/${tenant}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'simulator',
    });
  });
  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const { tenantId, clientId, clientSecret } = state.credentials;
    if (req.params.tenant !== tenantId) return entraError(res, 400, 'invalid_request', 90002, `Tenant '${req.params.tenant}' not found.`);
    if (body.grant_type !== 'client_credentials') return entraError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (body.client_id !== clientId)
      return entraError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${body.client_id}' was not found in the directory.`);
    if (!body.client_secret)
      return entraError(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (body.client_secret !== clientSecret)
      return entraError(
        res,
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    if (body.scope !== state.scope)
      return entraError(
        res,
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${body.scope} was not found in the tenant named ${state.credentials.tenantId}.`,
      );
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    const lifetime = state.settings.tokenLifetimeSeconds;
    state.tokens.set(token, Date.now() + lifetime * 1000);
    state.tokensIssued += 1;
    res.json({ token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token });
  });
  return router;
}
