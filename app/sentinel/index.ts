/** The Sentinel side: Entra ID tokens, the paced STIX upload client, clouds and limits. */
export { SENTINEL_LIMITS, uploadUrl } from './limits';
export type { SentinelLimits } from './limits';
export { CLOUDS, resolveSentinelEndpoints, isKnownAuthorityHost } from './clouds';
export type { AzureCloudName, SentinelEndpoints } from './clouds';
export { createTokenProvider } from './token-provider';
export type { TokenProvider, TokenProviderOptions } from './token-provider';
export { createPacer } from './pacer';
export type { Pacer, PacerOptions, PacerMemory, PacerWindow } from './pacer';
export { createUploadClient } from './upload-client';
export { splitRefusedBatches, uploadSplittingRefused } from './split-refused-batches';
export { uploadAll } from './upload-all';
export type { UploadAllResult } from './upload-all';
export type { UploadClient, UploadClientOptions } from './upload-client';
export { SentinelError, authError, uploadStatusError } from './sentinel-error';
export { parseRejections, retryAfterMs, errorDetails } from './upload-response';
export type { Rejection } from './upload-response';
