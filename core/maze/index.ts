// Maze: content-hash caching, orchestration and inference-server clients.
export { canonicalJson, canonicalSet, canonicalConstraints, canonicalIR, ContentHasher, loadContentHasher } from './hash.ts';
export { freezeConstraints } from './frozen.ts';
export {
  cacheImplementations,
  compareCacheImplementations,
  cacheWorkloadOperations,
  createLruCache,
  LruCacheAdapter,
  MapLruCache,
  DEFAULT_CACHE_IMPLEMENTATION,
  DEFAULT_CACHE_CAPACITY,
  DEFAULT_CACHE_WORKLOAD,
  type CacheStats,
  type LruCache,
  type CacheImplementation,
  type CacheWorkload,
  type CacheComparison,
} from './cache.ts';
export { loadConfig, ConfigError, Secret, REDACTED, DEFAULT_CONFIG, ENV_VARIABLES, BACKENDS, type MazeConfig, type BackendName } from './config.ts';
export { postJson, BackendError, redact, backoffDelayMs, DEFAULT_RETRY_POLICY, type HttpRequest, type SendOptions, type RetryPolicy } from './http.ts';
export * from './backends/index.ts';
export { requestCompletion, sendOptionsFromConfig } from './complete.ts';
export { validateJsonSchema, type SchemaError } from './json-schema-check.ts';
export { validateGeneratedCode, type ValidationReport, type ValidationCheck, type Reparse } from './validate.ts';
export {
  Orchestrator,
  defaultStages,
  stripCodeFence,
  type Stages,
  type GenerateRequest,
  type GenerateResult,
  type Plan,
  type Provenance,
  type StageTimings,
  type CompiledEntry,
  type PipelineIR,
} from './orchestrator.ts';
