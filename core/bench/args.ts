// The runners' command line, parsed the same way on every runtime (the runners only pass argv in).
import { PROFILES, SAMPLINGS, type Profile, type SamplingName } from './sampling.ts';

/**
 * The oldest runtime versions found to run dist/, by trying versions from npm (README, "Runtime
 * versions"): older Node lacks import.meta.resolve, older Bun Bun.file().bytes() (1.0: a synchronous
 * import.meta.resolve), Deno 1.x cannot read deno.json's permission sets.
 */
export const OLDEST_RUNTIMES = 'Node 18.19, Bun 1.1.9, Deno 2.0';

export interface RunnerArgs {
  suites: string[] | null;
  bench: string[] | null;
  profile: Profile;
  /** Test-only: 'tiny' takes one sample per bench. */
  sampling: SamplingName | null;
  list: boolean;
  help: boolean;
  out: string | null;
  runId: string | null;
  /** Which fresh process of this runtime this is (1-based; the run record's fork). */
  fork: number;
  /** Take commands on stdin (the orchestrator's protocol) instead of running the selection. */
  serve: boolean;
  /** Time the calibration workload around every bench. */
  calibrate: boolean;
  shard: string | null;
  /** Repository root to read fixtures from (default: found from the runner's location). */
  root: string | null;
}

export const RUNNER_USAGE = `usage: <runner> [--suite a,b] [--bench id,prefix,group] [--profile quick|full] [--list]
              [--out FILE] [--run-id ID] [--fork N] [--shard LABEL] [--calibrate]
       <runner> --serve     (commands on stdin: the orchestrator's protocol, core/record/protocol.ts)
  --suite     suites to run (default: all)
  --bench     bench ids, id prefixes or group names (maze: orchestration, cache_performance, constraint_compilation, ffi_overhead)
  --profile   full (default) or quick (short sampling, for smoke runs and CI)
  --list      print one JSON line {suite, id, params} per selected bench and exit
  --out       write NDJSON records to FILE instead of stdout
  --run-id    run id (default: generated); --fork N (default 1); --shard LABEL (default none)
  --calibrate time the calibration workload before and after every bench (see the records' calibration)
  --serve     read NDJSON commands on stdin and answer on stdout (how npm run bench drives runners)
  --root      repository root holding fixtures/ (default: the checkout the runner belongs to)
  --sampling  tiny: one sample per bench (for the harness's own tests; numbers are meaningless)`;

const VALUE_FLAGS = ['--suite', '--bench', '--profile', '--out', '--run-id', '--fork', '--shard', '--sampling', '--root'] as const;

function csv(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function parseRunnerArgs(argv: readonly string[]): { ok: true; args: RunnerArgs } | { ok: false; message: string } {
  const args: RunnerArgs = {
    suites: null,
    bench: null,
    profile: 'full',
    sampling: null,
    list: false,
    help: false,
    out: null,
    runId: null,
    fork: 1,
    serve: false,
    calibrate: false,
    shard: null,
    root: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    if (flag === '--list') {
      args.list = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      args.help = true;
      continue;
    }
    if (flag === '--serve') {
      args.serve = true;
      continue;
    }
    if (flag === '--calibrate') {
      args.calibrate = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) return { ok: false, message: `unknown option '${raw}'\n${RUNNER_USAGE}` };
    const value = eq > 0 && raw.startsWith('--') ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `option ${flag} needs a value\n${RUNNER_USAGE}` };
    switch (flag) {
      case '--suite':
        args.suites = csv(value);
        break;
      case '--bench':
        args.bench = csv(value);
        break;
      case '--profile':
        if (!(PROFILES as readonly string[]).includes(value)) return { ok: false, message: `--profile must be one of ${PROFILES.join(', ')}, not '${value}'` };
        args.profile = value as Profile;
        break;
      case '--sampling':
        if (!(SAMPLINGS as readonly string[]).includes(value))
          return { ok: false, message: `--sampling must be one of ${SAMPLINGS.join(', ')}, not '${value}'` };
        args.sampling = value as SamplingName;
        break;
      case '--out':
        args.out = value;
        break;
      case '--run-id':
        args.runId = value;
        break;
      case '--fork': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) return { ok: false, message: `--fork must be a positive integer, not '${value}'` };
        args.fork = n;
        break;
      }
      case '--shard':
        args.shard = value;
        break;
      case '--root':
        args.root = value;
        break;
    }
  }
  return { ok: true, args };
}
