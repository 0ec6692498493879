// The noise band: how far a ratio between two identical targets (A/A: the same runtime and code in
// two sets of processes, interleaved like any comparison) strays from 1 on this testbed. A
// difference inside it is not a difference. Measured per runtime and bench by `npm run bench:noise`
// into baselines/noise.json; where a bench has no measurement, DEFAULT_NOISE_BAND stands in and the
// table says so.
import * as v from 'valibot';
import { checkJsonText, type Checked } from '../record/baselines.ts';
import type { RevisionReport } from './revisions.ts';
import type { Testbed } from './testbed.ts';

/** Assumed when no A/A measurement exists for a bench on this testbed. */
export const DEFAULT_NOISE_BAND = 0.03;
/** No measured band is narrower: below this, two identical processes differ anyway (timer, layout). */
export const NOISE_BAND_FLOOR = 0.01;

const Fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10));

export const NoiseBandsFileSchema = v.object({
  _meta: v.object({
    /** A sentence: where, how many A/A runs, which profile. */
    measuredOn: v.string(),
    date: v.string(),
    host: v.object({ hostname: v.string(), cpuModel: v.string(), cores: v.number(), os: v.string(), arch: v.string() }),
    profile: v.picklist(['quick', 'full']),
    /** A/A runs the bands come from. */
    runs: v.number(),
    /** How a band follows from the A/A ratios (e.g. 'max |ratio − 1| over runs, at least the floor'). */
    method: v.string(),
  }),
  /** No band is narrower than this. */
  floor: Fraction,
  /** Runtime → bench id → band (fraction: 0.02 = ±2%). */
  bands: v.record(v.string(), v.record(v.string(), Fraction)),
});

export type NoiseBandsFile = v.InferOutput<typeof NoiseBandsFileSchema>;

export interface NoiseBands {
  /** The measured band of a bench on a runtime, or null where none was measured. */
  band(runtime: string, id: string): number | null;
  file: NoiseBandsFile;
}

export function noiseBands(file: NoiseBandsFile): NoiseBands {
  return {
    file,
    band(runtime, id) {
      const value = file.bands[runtime]?.[id];
      return value === undefined ? null : Math.max(file.floor, value);
    },
  };
}

/** Parses and validates noise.json text; the error names the file and the JSON path of each problem. */
export function parseNoiseBands(text: string, fileLabel = 'noise.json'): Checked<NoiseBandsFile> {
  return checkJsonText(NoiseBandsFileSchema, text, fileLabel);
}

export const BANDS_METHOD = 'per runtime and bench, the largest |head/base − 1| the A/A runs showed (a revision against itself), at least the floor';

/** Why these comparisons are not A/A (a revision against itself), or null when they are. */
export function notAnAaComparison(reports: readonly RevisionReport[]): string | null {
  if (reports.length === 0) return 'no comparison ran';
  for (const { base, head } of reports) {
    if (base.commit === null || head.commit === null) return 'a side has no known commit';
    if (base.commit !== head.commit) return `base ${base.commit.slice(0, 12)} and head ${head.commit.slice(0, 12)} differ`;
    if (/uncommitted/.test(head.rev)) return 'the working tree has uncommitted changes';
  }
  return null;
}

/** The noise bands a set of A/A comparisons (a revision against itself) shows. */
export function bandsFromAa(reports: readonly RevisionReport[], o: { testbed: Testbed; profile: 'quick' | 'full'; date: string; floor?: number }): NoiseBandsFile {
  const floor = o.floor ?? NOISE_BAND_FLOOR;
  const bands: Record<string, Record<string, number>> = {};
  for (const report of reports) {
    for (const row of report.rows) {
      for (const cell of row.cells) {
        if (cell === null || !Number.isFinite(cell.ratio.estimate)) continue;
        const runtime = (bands[cell.runtime] ??= {});
        const change = Math.exp(Math.abs(Math.log(cell.ratio.estimate))) - 1;
        runtime[row.id] = Math.round(Math.max(floor, change, runtime[row.id] ?? 0) * 10_000) / 10_000;
      }
    }
  }
  const { hostname, cpuModel, cores, os, arch } = o.testbed;
  return {
    _meta: {
      measuredOn: `measured on: ${hostname} (${cpuModel}, ${cores} cores, ${os} ${arch}), ${o.profile} profile, ${reports.length} A/A run(s), runtimes ${Object.entries(o.testbed.versions).map(([r, v]) => `${r} ${v}`).join(', ')}`,
      date: o.date,
      host: { hostname, cpuModel, cores, os, arch },
      profile: o.profile,
      runs: reports.length,
      method: BANDS_METHOD,
    },
    floor,
    bands,
  };
}
