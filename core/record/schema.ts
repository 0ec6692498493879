// NDJSON records: the contract between runners and everything downstream (merge,
// tables, baselines, exports). Producers and consumers both validate with these.
import * as v from 'valibot';

export const RECORD_SCHEMA_VERSION = 1;

const RuntimeSchema = v.object({
  name: v.string(),
  version: v.string(),
  engine: v.string(),
  engineVersion: v.string(),
});

const HostSchema = v.object({
  hostname: v.string(),
  os: v.string(),
  arch: v.string(),
  cpuModel: v.string(),
  cores: v.number(),
  memoryBytes: v.number(),
  /** CPU frequency governor, null where unreadable. */
  governor: v.nullable(v.string()),
  /** 1-minute load average at start, null where unknown. */
  loadAverage: v.nullable(v.number()),
});

export const RunRecordSchema = v.object({
  type: v.literal('run'),
  schema: v.literal(RECORD_SCHEMA_VERSION),
  runId: v.string(),
  runtime: RuntimeSchema,
  host: HostSchema,
  git: v.object({ commit: v.nullable(v.string()), dirty: v.nullable(v.boolean()) }),
  startedAt: v.string(),
  profile: v.picklist(['quick', 'full']),
  /** Round number when the orchestrator interleaves runtimes (1-based), else 1. */
  round: v.number(),
  /** Shard label when a run is split across CI jobs, else null. */
  shard: v.nullable(v.string()),
  /** How heap figures were measured on this runtime. */
  heapSource: v.string(),
});

/** The suite's extra figure, where it has one. */
const ExtraSchema = v.object({
  linesPerSecond: v.optional(v.number()),
  nsPerConstraint: v.optional(v.number()),
  /** Duration of the bench's first call in the process (cold: JIT and engine memos not warmed yet), ns. */
  firstCallNs: v.optional(v.number()),
  /** Median time of parsing the same input alone (multi-lang), ns, and the bench's median over it. */
  parseNs: v.optional(v.number()),
  overParse: v.optional(v.number()),
  /** Parsing plus the walk no query-based extraction avoids (multi-lang), over parsing alone. */
  floorOverParse: v.optional(v.number()),
  /** Token-mask decoding: nanoseconds per decoded token at the median time. */
  nsPerToken: v.optional(v.number()),
  bytesAllocatedPerOp: v.optional(v.nullable(v.number())),
  bytesRetained: v.optional(v.nullable(v.number())),
  bytesPeak: v.optional(v.nullable(v.number())),
  bytesPerLine: v.optional(v.nullable(v.number())),
  bytesPerConstraint: v.optional(v.nullable(v.number())),
  wasmBytesGrowth: v.optional(v.nullable(v.number())),
  allocationCount: v.optional(v.nullable(v.number())),
  /** How the memory figures were measured (e.g. 'v8 heapUsed after gc'). */
  memorySource: v.optional(v.string()),
});

export const BenchRecordSchema = v.object({
  type: v.literal('bench'),
  schema: v.literal(RECORD_SCHEMA_VERSION),
  runId: v.string(),
  suite: v.string(),
  id: v.string(),
  params: v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])),
  /** Unit of the timing figures below. Always 'ns'. */
  unit: v.literal('ns'),
  samples: v.number(),
  /** Calls measured in total (mitata batches fast functions, so one sample may average many calls). */
  iterations: v.optional(v.number()),
  min: v.number(),
  p25: v.number(),
  p50: v.number(),
  p75: v.number(),
  p99: v.number(),
  max: v.number(),
  mean: v.number(),
  stdDev: v.number(),
  extra: v.optional(ExtraSchema),
});

export const ErrorRecordSchema = v.object({
  type: v.literal('error'),
  schema: v.literal(RECORD_SCHEMA_VERSION),
  runId: v.string(),
  suite: v.nullable(v.string()),
  id: v.nullable(v.string()),
  message: v.string(),
});

export const DoneRecordSchema = v.object({
  type: v.literal('done'),
  schema: v.literal(RECORD_SCHEMA_VERSION),
  runId: v.string(),
  endedAt: v.string(),
  counts: v.object({ bench: v.number(), error: v.number() }),
});

export const NdjsonRecordSchema = v.variant('type', [RunRecordSchema, BenchRecordSchema, ErrorRecordSchema, DoneRecordSchema]);

export type RunRecord = v.InferOutput<typeof RunRecordSchema>;
export type BenchRecord = v.InferOutput<typeof BenchRecordSchema>;
export type ErrorRecord = v.InferOutput<typeof ErrorRecordSchema>;
export type DoneRecord = v.InferOutput<typeof DoneRecordSchema>;
export type NdjsonRecord = v.InferOutput<typeof NdjsonRecordSchema>;

/** Validates one parsed record; returns the record or a message naming the JSON path and what was expected. */
export function checkRecord(value: unknown): { ok: true; record: NdjsonRecord } | { ok: false; message: string } {
  const result = v.safeParse(NdjsonRecordSchema, value);
  if (result.success) return { ok: true, record: result.output };
  const issues = result.issues.map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return `${path === '' ? '(record)' : path}: ${issue.message}`;
  });
  return { ok: false, message: issues.join('; ') };
}
