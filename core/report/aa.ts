// A/A: comparisons of a revision against itself, and the noise bands they show (what
// `bench:compare --write-noise` writes into baselines/noise.json).
import { NOISE_BAND_FLOOR, type NoiseBandsFile } from './bands.ts';
import type { RevisionReport } from './revisions.ts';
import type { Testbed } from './testbed.ts';

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
export function bandsFromAa(
  reports: readonly RevisionReport[],
  o: { testbed: Testbed; profile: 'quick' | 'full'; date: string; floor?: number },
): NoiseBandsFile {
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
      measuredOn: `measured on: ${hostname} (${cpuModel}, ${cores} cores, ${os} ${arch}), ${o.profile} profile, ${reports.length} A/A run(s), runtimes ${Object.entries(
        o.testbed.versions,
      )
        .map(([r, v]) => `${r} ${v}`)
        .join(', ')}`,
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
