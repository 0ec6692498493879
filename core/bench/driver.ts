// A runner run alone (one-shot): one session over the selected catalogue entries in catalogue
// order, one fork, one round. The orchestrator drives sessions through serve.ts instead.
import { platform } from '../platform.ts';
import { runtimeTarget } from '../record/schema.ts';
import type { CatalogueEntry } from '../catalogue.ts';
import type { Profile, SamplingName } from './sampling.ts';
import { BenchSession, type SessionCounts, type SessionEnvironment } from './session.ts';

export interface DriverOptions extends SessionEnvironment {
  entries: readonly CatalogueEntry[];
  runId: string;
  profile: Profile;
  /** Defaults to the profile's sampling; 'tiny' is for tests. */
  sampling?: SamplingName;
  fork: number;
  shard: string | null;
  /** Time the calibration workload around every bench (off by default when run alone). */
  calibrate?: boolean;
}

export async function runBenchmarks(o: DriverOptions): Promise<SessionCounts> {
  const session = new BenchSession(o);
  await session.start({
    runId: o.runId,
    target: runtimeTarget(platform().runtime.name),
    fork: o.fork,
    protocol: null,
    profile: o.profile,
    ...(o.sampling === undefined ? {} : { sampling: o.sampling }),
    shard: o.shard,
    calibrate: o.calibrate ?? false,
  });
  const total = o.entries.length;
  // The process warm-up, as the orchestrator asks for it, so a runner run alone measures alike.
  await session.warm(o.entries.map((e) => e.id));
  for (const [index, entry] of o.entries.entries()) await session.run(entry.id, 1, index, `${index + 1}/${total}`);
  return session.finish();
}
