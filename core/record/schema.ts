// NDJSON records: the contract between runners and everything downstream (merge,
// tables, baselines, exports). Producers and consumers both validate with these.
//
// Version 2 (this version) places every measurement in the schedule that produced it: the run
// record names the target (what is compared: a runtime, a runtime version, a code revision) and
// the fork (which fresh process of that target), and each bench record its round, its position in
// that round's order, its wall-clock start and end, its warm-up and the calibration workload timed
// around it. Version-1 files (one process per runtime, round on the run record) are still read:
// `checkRecord` upgrades them to the version-2 shape (see `upgradeV1`).
import * as v from 'valibot';

export const RECORD_SCHEMA_VERSION = 2;
/** Every record version this code reads. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

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

const GitSchema = v.object({ commit: v.nullable(v.string()), dirty: v.nullable(v.boolean()) });
const ProfileSchema = v.picklist(['quick', 'full']);
const Count = v.pipe(v.number(), v.integer(), v.minValue(1));
const Index = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The suite's extra figure, where it has one. */
const ExtraSchema = v.object({
  linesPerSecond: v.optional(v.number()),
  nsPerConstraint: v.optional(v.number()),
  /** Duration of the bench's first call in the process (cold: JIT and engine memos not warmed yet), ns. */
  firstCallNs: v.optional(v.number()),
  /**
   * Median time of parsing the same input alone (multi-lang), ns, and the median over rounds of the
   * bench's time over the parse's, both timed in each round (core/bench/session.ts, parseFigures).
   */
  parseNs: v.optional(v.number()),
  overParse: v.optional(v.number()),
  /** Parsing plus the walk no query-based extraction avoids (multi-lang), over parsing alone. */
  floorOverParse: v.optional(v.number()),
  /** Token-mask decoding: nanoseconds per decoded token at the median time. */
  nsPerToken: v.optional(v.number()),
  bytesAllocatedPerOp: v.optional(v.nullable(v.number())),
  bytesRetained: v.optional(v.nullable(v.number())),
  bytesPeak: v.optional(v.nullable(v.number())),
  /** The highest allocation trial (the op's allocation plus what the engine did meanwhile). */
  bytesAllocatedMax: v.optional(v.nullable(v.number())),
  bytesPerLine: v.optional(v.nullable(v.number())),
  bytesPerConstraint: v.optional(v.nullable(v.number())),
  wasmBytesGrowth: v.optional(v.nullable(v.number())),
  allocationCount: v.optional(v.nullable(v.number())),
  /** How the memory figures were measured (e.g. 'v8 heapUsed after gc'). */
  memorySource: v.optional(v.string()),
});

/** Timing figures every bench record carries (nanoseconds). */
const TimingEntries = {
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
};

// ---- version 1 (read only) ----

const RunRecordV1Schema = v.object({
  type: v.literal('run'),
  schema: v.literal(1),
  runId: v.string(),
  runtime: RuntimeSchema,
  host: HostSchema,
  git: GitSchema,
  startedAt: v.string(),
  profile: ProfileSchema,
  round: v.number(),
  shard: v.nullable(v.string()),
  heapSource: v.string(),
});
const BenchRecordV1Schema = v.object({ type: v.literal('bench'), schema: v.literal(1), runId: v.string(), ...TimingEntries });
const ErrorRecordV1Schema = v.object({
  type: v.literal('error'),
  schema: v.literal(1),
  runId: v.string(),
  suite: v.nullable(v.string()),
  id: v.nullable(v.string()),
  message: v.string(),
});
const DoneRecordV1Schema = v.object({
  type: v.literal('done'),
  schema: v.literal(1),
  runId: v.string(),
  endedAt: v.string(),
  counts: v.object({ bench: v.number(), error: v.number() }),
});
const RecordV1Schema = v.variant('type', [RunRecordV1Schema, BenchRecordV1Schema, ErrorRecordV1Schema, DoneRecordV1Schema]);

// ---- version 2 ----

/** What a process measures for: the unit of comparison. */
export const TargetSchema = v.object({
  /** Unique within a run, and the table's column name: 'node', 'bun@1.3.14', 'node:base'. */
  label: v.string(),
  /** The runtime's name ('node', 'bun', 'deno'). */
  runtime: v.string(),
  /** The code revision when revisions are compared (bench:compare), else null. */
  revision: v.nullable(
    v.object({
      /** 'base' or 'head'. */
      role: v.string(),
      /** What the user named ('main', 'HEAD~1', 'working tree'). */
      rev: v.string(),
      commit: v.nullable(v.string()),
    }),
  ),
});

export const RunRecordSchema = v.object({
  type: v.literal('run'),
  schema: v.literal(2),
  runId: v.string(),
  target: TargetSchema,
  /** Which fresh process of this target (1-based): forks sample process-to-process variance. */
  fork: Count,
  /** The command protocol version when the orchestrator drives the runner, null for a one-shot runner. */
  protocol: v.nullable(v.number()),
  runtime: RuntimeSchema,
  host: HostSchema,
  git: GitSchema,
  startedAt: v.string(),
  profile: ProfileSchema,
  /** How each bench was sampled ('quick', 'full', 'tiny'). */
  sampling: v.string(),
  /** A fingerprint of that sampling's definition (core/bench/sampling.ts samplingKey); absent in older records. */
  samplingKey: v.optional(v.string()),
  /** Shard label when a run is split across CI jobs, else null. */
  shard: v.nullable(v.string()),
  /** How heap figures were measured on this runtime. */
  heapSource: v.string(),
  /**
   * The testbed the host belongs to when the run spans hosts (hosts.toml's `testbed`, default the
   * host's name): results of one testbed pool into one column, never across testbeds. Absent locally.
   */
  testbed: v.optional(v.nullable(v.string())),
});

/** How long a bench was called before it was measured, and whether its timing had settled. */
const WarmupSchema = v.object({
  calls: v.number(),
  ns: v.number(),
  converged: v.boolean(),
  /** CPU the runtime's other threads (JIT, collector) used over the last warm-up window, per ns of it; absent where unknown. */
  otherThreads: v.optional(v.number()),
});

/** The fixed calibration workload timed in the same process right before and after the bench (ns, the fastest of a few). */
const CalibrationSchema = v.object({ beforeNs: v.number(), afterNs: v.number() });

/**
 * The runner's main thread during the measurement, from the scheduler (Linux): time on a CPU and
 * time runnable but waiting for one, i.e. taken by other work on the machine.
 */
const SchedSchema = v.object({ onCpuNs: v.number(), waitNs: v.number() });

export const BenchRecordSchema = v.object({
  type: v.literal('bench'),
  schema: v.literal(2),
  runId: v.string(),
  /** The target's label (the run record has the whole target). */
  target: v.string(),
  fork: Count,
  /** Which pass over the benches within this fork (1-based). */
  round: Count,
  /** Position of this bench in the round's order (0-based). */
  position: Index,
  /** Wall-clock start and end of the measurement (ISO 8601); null in records upgraded from version 1. */
  startedAt: v.nullable(v.string()),
  endedAt: v.nullable(v.string()),
  warmup: v.optional(WarmupSchema),
  calibration: v.optional(CalibrationSchema),
  sched: v.optional(SchedSchema),
  ...TimingEntries,
});

export const ErrorRecordSchema = v.object({
  type: v.literal('error'),
  schema: v.literal(2),
  runId: v.string(),
  suite: v.nullable(v.string()),
  id: v.nullable(v.string()),
  message: v.string(),
  /** Where in the schedule it happened, when known. */
  fork: v.optional(v.nullable(v.number())),
  round: v.optional(v.nullable(v.number())),
});

export const DoneRecordSchema = v.object({
  type: v.literal('done'),
  schema: v.literal(2),
  runId: v.string(),
  endedAt: v.string(),
  counts: v.object({ bench: v.number(), error: v.number() }),
});

export const NdjsonRecordSchema = v.variant('type', [RunRecordSchema, BenchRecordSchema, ErrorRecordSchema, DoneRecordSchema]);

export type Target = v.InferOutput<typeof TargetSchema>;
export type RunRecord = v.InferOutput<typeof RunRecordSchema>;
export type BenchRecord = v.InferOutput<typeof BenchRecordSchema>;
export type ErrorRecord = v.InferOutput<typeof ErrorRecordSchema>;
export type DoneRecord = v.InferOutput<typeof DoneRecordSchema>;
export type NdjsonRecord = v.InferOutput<typeof NdjsonRecordSchema>;
type RecordV1 = v.InferOutput<typeof RecordV1Schema>;

/** A plain runtime target: its label is the runtime's name. */
export function runtimeTarget(runtime: string): Target {
  return { label: runtime, runtime, revision: null };
}

/**
 * The version-2 shape of a version-1 record. A version-1 file held one process of one runtime, one
 * pass over the benches: its round becomes the fork (a fresh process each round), the round within
 * it is 1, the target is the runtime, positions follow the file (the caller numbers them) and the
 * wall-clock times are unknown.
 */
export function upgradeV1(record: RecordV1, position = 0): NdjsonRecord {
  switch (record.type) {
    case 'run': {
      const { round, ...rest } = record;
      return { ...rest, schema: 2, target: runtimeTarget(record.runtime.name), fork: Math.max(1, Math.trunc(round)), protocol: null, sampling: record.profile };
    }
    case 'bench':
      // The target label and fork are the run record's; the collector fills them in.
      return { ...record, schema: 2, target: '', fork: 1, round: 1, position, startedAt: null, endedAt: null };
    case 'error':
      return { ...record, schema: 2 };
    case 'done':
      return { ...record, schema: 2 };
  }
}

/** valibot's issues as one line: "path.to.field: what was expected; …" (`whole` names the value itself). */
export function describeIssues(issues: ReadonlyArray<v.BaseIssue<unknown>>, whole = '(record)'): string {
  return issues
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return `${path === '' ? whole : path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates one parsed record of any readable version; returns it in the current version's shape
 * (`upgraded` says it came from version 1) or a message naming the JSON path and what was expected.
 */
export function checkRecord(value: unknown): { ok: true; record: NdjsonRecord; upgraded: boolean } | { ok: false; message: string } {
  const version = typeof value === 'object' && value !== null ? (value as { schema?: unknown }).schema : undefined;
  if (version === 1) {
    const result = v.safeParse(RecordV1Schema, value);
    return result.success ? { ok: true, record: upgradeV1(result.output), upgraded: true } : { ok: false, message: describeIssues(result.issues) };
  }
  if (typeof version === 'number' && version > RECORD_SCHEMA_VERSION) {
    return {
      ok: false,
      message: `schema: record version ${version} is newer than this tool reads (${READABLE_SCHEMA_VERSIONS.join(', ')}); update the checkout that reads it`,
    };
  }
  const result = v.safeParse(NdjsonRecordSchema, value);
  if (result.success) return { ok: true, record: result.output, upgraded: false };
  return { ok: false, message: describeIssues(result.issues) };
}
