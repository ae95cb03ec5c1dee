// The Graph layer's public surface: what the composition root and the tests use.
export {
  createCredential,
  createGraphClient,
  isLoopbackUrl,
  type CredentialSettings,
  type GraphClientSettings,
} from './create-graph-client';
export { GraphRequestError, GraphSettingsError, GraphTimeoutError, type GraphFailure } from './errors';
export {
  GraphTroubleshootingSource,
  type GraphTroubleshootingSourceOptions,
} from './graph-troubleshooting-source';
export { DEFAULT_PAGE_CAP, type PageCap } from './paging';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
export { DEFAULT_CACHE_SETTINGS, type CacheSettings } from './ttl-lru-cache';
