// The noise band: how far a ratio between two identical targets (A/A: the same runtime and code in
// two sets of processes, interleaved like any comparison) strays from 1 on this testbed. A
// difference inside it is not a difference. Measured per runtime and bench by `npm run bench:noise`
// into baselines/noise.json; where a bench has no measurement, DEFAULT_NOISE_BAND stands in and the
// table says so. A band is a property of the machine it was measured on: figures measured on another
// testbed (testbed.ts fingerprint: CPU model, cores, OS, architecture) are judged with the default
// band, and the commands say so (bandsNote).
import * as v from 'valibot';
import { checkJsonText, type Checked } from '../record/baselines.ts';
import type { Column } from './pool.ts';
import { fingerprintOf } from './testbed.ts';

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
  /**
   * The measured band of a bench on a runtime, or null where none was measured, or where the figures
   * were measured on another testbed than the bands (`testbed`: its fingerprint; omitted: not checked).
   */
  band(runtime: string, id: string, testbed?: string): number | null;
  /** The testbed the bands were measured on (testbed.ts fingerprint). */
  testbed: string;
  file: NoiseBandsFile;
}

export function noiseBands(file: NoiseBandsFile): NoiseBands {
  const testbed = fingerprintOf(file._meta.host);
  return {
    file,
    testbed,
    band(runtime, id, measuredOn) {
      if (measuredOn !== undefined && measuredOn !== testbed) return null;
      const value = file.bands[runtime]?.[id];
      return value === undefined ? null : Math.max(file.floor, value);
    },
  };
}

/** The testbed a column was measured on (its first run's machine), undefined without runs. */
export function columnTestbed(column: Pick<Column, 'runs'>): string | undefined {
  const host = column.runs[0]?.run.host;
  return host === undefined ? undefined : fingerprintOf(host);
}

/**
 * One line when the bands do not apply to figures measured on these testbeds (the default band then
 * stands in for them), null when they do or there are none.
 */
export function bandsNote(bands: NoiseBands | null, testbeds: readonly string[], fileLabel = 'baselines/noise.json'): string | null {
  if (bands === null) return null;
  const others = [...new Set(testbeds)].filter((t) => t !== bands.testbed);
  if (others.length === 0) return null;
  return `${fileLabel} was measured on ${bands.testbed}, not on ${others.join(' or ')}: its bands do not apply there, the default ±${Math.round(DEFAULT_NOISE_BAND * 100)}% band stands in (measure that machine's own with \`npm run bench:compare -- --base HEAD --head HEAD --repeat 3 --write-noise\`)`;
}

/** Parses and validates noise.json text; the error names the file and the JSON path of each problem. */
export function parseNoiseBands(text: string, fileLabel = 'noise.json'): Checked<NoiseBandsFile> {
  return checkJsonText(NoiseBandsFileSchema, text, fileLabel);
}
