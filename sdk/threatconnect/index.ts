export { createTcClient } from './create-tc-client';
export type {
  TcClient,
  TcClientOptions,
  TcHmacAuth,
  TcTokenAuth,
  TcProxyOptions,
  TcMethod,
  TcRequestOptions,
  TcPageOptions,
  TcPage,
  TcPageLinks,
  TcPageReading,
  TcBodyPage,
} from './tc-client';
export { TcApiError } from './tc-api-error';
export { hmacSignature, hmacAuthorization } from './hmac-signature';
export type { HmacSignatureInput } from './hmac-signature';
export { encodeQuery, encodeComponent } from './encode-query';
export type { TcQueryParams, TcQueryValue } from './encode-query';
export { redactUrl } from './redact-url';
export { DEFAULT_RETRY, RETRY_STATUSES } from './retry-policy';
export type { RetryOptions } from './retry-policy';
export { TOKEN_RENEW_BEFORE_SEC } from './token-keeper';
export { MAX_RESULT_LIMIT, followLink, paginateBodies, paginateItems, paginateKeysetBodies, paginatePages } from './paginate';
export { keysetQuery, nextKeysetCursor, NULLABLE_FIELD_FLOOR } from './keyset';
export type { KeysetCursor, KeysetSort } from './keyset';
export { listOwners } from './list-owners';
export { TQL_DATE_FORMAT, tqlString, tqlList, formatTqlDate, formatDeletedSince, buildIndicatorTql } from './tql';
export type { IndicatorTqlInput } from './tql';
export * from './types';
export { checkTqlSyntax } from './tql-syntax';
export type { TqlSyntaxProblem } from './tql-syntax';
