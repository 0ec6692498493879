// The noise band: how far a ratio between two identical targets (A/A: the same runtime and code in
// two sets of processes, interleaved like any comparison) strays from 1 on this testbed. A
// difference inside it is not a difference. Measured per runtime and bench by `npm run bench:noise`
// into baselines/noise.json; where a bench has no measurement, DEFAULT_NOISE_BAND stands in and the
// table says so.
import * as v from 'valibot';
import { checkJsonText, type Checked } from '../record/baselines.ts';

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
