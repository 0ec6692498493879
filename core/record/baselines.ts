// Schemas of baselines/baselines.json (the guide's per-runtime format plus metadata)
// and baselines/targets.json (the guide's target/critical table mapped onto bench ids).
import * as v from 'valibot';

const NonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));

/**
 * One bench's baseline: the guide's `mean_ns` and `std_dev_ns`, and ours (all optional, so a
 * guide-shaped file stays valid): `samples`; `median_ns` and `iqr_ns` of the pooled rounds;
 * `rounds` and `round_sd_ns`, the standard deviation of the rounds' medians (run-to-run drift).
 */
export const BaselineEntrySchema = v.strictObject({
  mean_ns: NonNegative,
  std_dev_ns: NonNegative,
  samples: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  median_ns: v.optional(NonNegative),
  iqr_ns: v.optional(NonNegative),
  rounds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  round_sd_ns: v.optional(NonNegative),
});

export const BaselineMetaSchema = v.object({
  /** A sentence saying where and how these were measured, e.g. "measured on: this machine, quick profile, 3 rounds". */
  measuredOn: v.string(),
  date: v.string(),
  profile: v.picklist(['quick', 'full']),
  host: v.object({
    hostname: v.string(),
    os: v.string(),
    arch: v.string(),
    cpuModel: v.string(),
    cores: v.number(),
  }),
  /** Runtime name → version, e.g. {"node": "20.20.2"}. */
  versions: v.record(v.string(), v.string()),
  git: v.object({ commit: v.nullable(v.string()), dirty: v.nullable(v.boolean()) }),
  runId: v.optional(v.string()),
  /** Fresh processes per runtime the medians come from (files before version-2 records: interleaved rounds). */
  rounds: v.optional(v.number()),
  /** What the figures are: which one the gate compares, and how it was summed up. */
  figure: v.optional(v.string()),
  /**
   * The fingerprint of the sampling definition the figures were measured with (core/bench/sampling.ts
   * samplingKey); absent in files written before it was recorded. Figures sampled by another
   * definition of the same profile (a newer harness) are not comparable.
   */
  samplingKey: v.optional(v.string()),
  /**
   * Per runtime: its version and engine, as the runs reported them, and `calibrationNs`, the median
   * time of the fixed calibration workload (core/bench/calibration.ts) over the baseline run: the
   * gate scales the baselines by how much slower or faster the machine runs it now (absent in
   * files written before 2026-12-05).
   */
  runtimes: v.optional(
    v.record(
      v.string(),
      v.object({ version: v.string(), engine: v.string(), engineVersion: v.string(), calibrationNs: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0))) }),
    ),
  ),
});

/** `{"_meta": {...}, "node": {"<bench id>": {mean_ns, std_dev_ns, samples?}}, "bun": {...}, ...}`. */
export const BaselinesFileSchema = v.objectWithRest({ _meta: v.optional(BaselineMetaSchema) }, v.record(v.string(), BaselineEntrySchema));

export const TargetSchema = v.strictObject({
  /** What is compared: the median time (ns) or a memory figure from the record's `extra` (bytes). */
  metric: v.picklist(['time', 'bytesPeak', 'bytesPerConstraint']),
  /** At or under this: ✓ OK. */
  target: NonNegative,
  /** Over this: ✗ FAIL; between target and critical: ⚠ SLOW. Absent where the guide names no critical value. */
  critical: v.optional(NonNegative),
  /** Where the numbers come from (guide row or reference figure). */
  source: v.string(),
});

export const TargetsFileSchema = v.object({
  _meta: v.optional(v.record(v.string(), v.string())),
  targets: v.record(v.string(), TargetSchema),
});

export type BaselineEntry = v.InferOutput<typeof BaselineEntrySchema>;
export type BaselineMeta = v.InferOutput<typeof BaselineMetaSchema>;
export type BaselinesFile = v.InferOutput<typeof BaselinesFileSchema>;
export type Target = v.InferOutput<typeof TargetSchema>;
export type TargetsFile = v.InferOutput<typeof TargetsFileSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function jsonPath(path: ReadonlyArray<{ key: unknown }> | undefined): string {
  return `$${(path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('')}`;
}

/** Parses JSON text and validates it; the error names the file and the JSON path of each problem. */
export function checkJsonText<T>(schema: v.GenericSchema<unknown, T>, text: string, fileLabel: string): Checked<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${fileLabel}: not valid JSON (${(error as Error).message})` };
  }
  const result = v.safeParse(schema, parsed);
  if (result.success) return { ok: true, value: result.output };
  const problems = result.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
  return { ok: false, message: `${fileLabel}: ${problems.join('; ')}` };
}

/** Parses and validates baselines.json text; the error names the file and the JSON path of each problem. */
export function parseBaselines(text: string, fileLabel = 'baselines.json'): Checked<BaselinesFile> {
  return checkJsonText(BaselinesFileSchema, text, fileLabel);
}

/** Parses and validates targets.json text; the error names the file and the JSON path of each problem. */
export function parseTargets(text: string, fileLabel = 'targets.json'): Checked<TargetsFile> {
  return checkJsonText(TargetsFileSchema, text, fileLabel);
}

/** The runtime sections of a baselines file (every key but `_meta`). */
export function baselineRuntimes(file: BaselinesFile): Map<string, Record<string, BaselineEntry>> {
  const runtimes = new Map<string, Record<string, BaselineEntry>>();
  for (const [key, value] of Object.entries(file)) {
    if (key !== '_meta') runtimes.set(key, value as Record<string, BaselineEntry>);
  }
  return runtimes;
}
