// How long each bench samples, per profile: mitata's options plus the memory suite's trial counts.
// 'tiny' exists for tests that must see every bench id quickly; its numbers are not meant to be read.

export const PROFILES = ['quick', 'full'] as const;
export type Profile = (typeof PROFILES)[number];
export const SAMPLINGS = ['full', 'quick', 'tiny'] as const;
export type SamplingName = (typeof SAMPLINGS)[number];

/** The subset of mitata's measure() options this harness sets (see node_modules/mitata/src/main.d.mts). */
export interface MitataOptions {
  min_samples: number;
  max_samples: number;
  /** Nanoseconds of measured time after which sampling may stop (once min_samples is reached). */
  min_cpu_time: number;
  /** Calls per sample when mitata batches a fast function. */
  batch_samples: number;
  /** A call faster than this (ns) is batched; -1 never batches. */
  batch_threshold: number;
  warmup_samples: number;
}

/**
 * How a bench is warmed up before mitata samples it (see timing.ts): until its timing settles
 * ('steady': batches of about batchNs, converged when the last `window` batches but the slowest lie
 * within `tolerance` of each other and, where the platform can tell, the runtime's other threads
 * used at most `quietShare` of a core meanwhile; never shorter than minNs nor longer than maxNs), or
 * for a fixed time ('fixed', the harness's warm-up before measurement chose 'steady').
 */
export type WarmupPolicy =
  | { kind: 'steady'; minNs: number; maxNs: number; batchNs: number; window: number; tolerance: number; quietShare?: number }
  | { kind: 'fixed'; ns: number };

export interface Sampling {
  name: SamplingName;
  mitata: MitataOptions;
  /** How a bench is called before mitata measures it. */
  warmup: WarmupPolicy;
  /**
   * Calls per bench, by time, when a process warms up before its first measurement (the `warm`
   * command): every bench of the fork in turn, so that code shared by many benches (Clew's
   * extraction, the records and report code, the runtime's own paths into WebAssembly) is already
   * compiled by its optimising tier when the first bench is measured, wherever a bench falls in
   * the fork's order. 0: no process warm-up.
   */
  prewarmNs: number;
  /** Measured single operations per memory bench (each after a full GC). */
  memoryTrials: number;
  /** Extractions run between the two WASM memory readings, for a fixture of `lines` lines. */
  wasmGrowthExtractions(lines: number): number;
}

export const SAMPLING: Record<SamplingName, Sampling> = {
  // More forks rather than longer forks: a figure's spread between runs comes from the process it
  // ran in (README, "How a run is scheduled"), so the full profile samples each bench about three
  // times as long as the quick one in each fork and takes more forks. (It used mitata's defaults
  // before: 642 ms and 4096-call batches per bench and fork, so a 60 µs bench took 3 s a fork and
  // three forks of the catalogue took 21 minutes on 2 cores.)
  full: {
    name: 'full',
    mitata: { min_samples: 12, max_samples: 10_000, min_cpu_time: 150e6, batch_samples: 256, batch_threshold: 65_536, warmup_samples: 2 },
    warmup: { kind: 'steady', minNs: 100e6, maxNs: 1e9, batchNs: 10e6, window: 8, tolerance: 0.1, quietShare: 0.25 },
    prewarmNs: 40e6,
    memoryTrials: 20,
    // The guide's "no leak across 10,000 extractions", scaled down for bigger files to keep a run finite.
    wasmGrowthExtractions: (lines) => Math.max(200, Math.round((10_000 * 100) / lines)),
  },
  // Short enough that every suite runs in about a minute and a half per runtime on 2 cores.
  quick: {
    name: 'quick',
    mitata: { min_samples: 5, max_samples: 200, min_cpu_time: 40e6, batch_samples: 64, batch_threshold: 65_536, warmup_samples: 2 },
    warmup: { kind: 'steady', minNs: 50e6, maxNs: 1e9, batchNs: 5e6, window: 8, tolerance: 0.1, quietShare: 0.25 },
    prewarmNs: 20e6,
    memoryTrials: 5,
    wasmGrowthExtractions: (lines) => Math.max(20, Math.round((200 * 100) / lines)),
  },
  tiny: {
    name: 'tiny',
    mitata: { min_samples: 1, max_samples: 1, min_cpu_time: 0, batch_samples: 1, batch_threshold: -1, warmup_samples: 0 },
    warmup: { kind: 'fixed', ns: 0 },
    // One call per bench: the process warm-up's path runs in the tests without costing them time.
    prewarmNs: 1,
    memoryTrials: 2,
    wasmGrowthExtractions: () => 2,
  },
};

/**
 * A short fingerprint of how a sampling measures (mitata's options, the warm-ups, the memory trials,
 * the WASM growth counts), written in each run record: two runs of the same profile name sampled by
 * different definitions (a newer harness, `--warmup`) are not like runs, and their figures are not
 * compared as a change (core/report/run-index.ts).
 */
export function samplingKey(sampling: Sampling): string {
  const text = JSON.stringify([
    sampling.mitata,
    sampling.warmup,
    sampling.prewarmNs,
    sampling.memoryTrials,
    [100, 500, 1000, 5000].map(sampling.wasmGrowthExtractions),
  ]);
  // FNV-1a, 32 bits: a label, not a security boundary.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${sampling.name}-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}
