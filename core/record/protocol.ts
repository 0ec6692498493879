// The command protocol between the orchestrator and a long-lived runner: NDJSON both ways over any
// byte stream (a pipe locally, an SSH channel to another host). The orchestrator decides what runs
// when; the runner measures what it is told and never picks what comes next.
//
//   runner → orchestrator   {"type":"hello","protocol":1,"commands":[…],…} once it can take commands
//   orchestrator → runner   {"seq":1,"op":"start",…}   the run record is written, the calibration loaded
//                           {"seq":2,"op":"list",…}    which bench ids this runner would run
//                           {"seq":3,"op":"warm","ids":[…]}   the process warm-up: each bench called, nothing recorded
//                                                      (only to a runner whose hello lists it)
//                           {"seq":4,"op":"run","id":…,"round":1,"position":0}   one bench record (or error)
//                           {"seq":5,"op":"exit"}      the done record, then the process ends
//   runner → orchestrator   records (run, bench, error, done; core/record/schema.ts) as they are made,
//                           and one {"type":"reply","seq":n,"ok":…} per command, after its records.
//
// A command the runner cannot read gets a reply with ok: false (its seq when readable, else null) and
// the runner goes on; a runner that dies mid-command is the orchestrator's to report.
import * as v from 'valibot';
import { describeIssues, TargetSchema } from './schema.ts';

/**
 * Bumped on any change a peer of the previous version would misread. Additions an older peer can
 * live without are not: a runner names the commands it serves in its hello (`warm` came later, and
 * bench:compare drives the runners of older revisions).
 */
export const PROTOCOL_VERSION = 1;

const Seq = v.pipe(v.number(), v.integer(), v.minValue(0));
const Count = v.pipe(v.number(), v.integer(), v.minValue(1));

const NonNegative = v.pipe(v.number(), v.minValue(0));

/** A warm-up policy (core/bench/sampling.ts WarmupPolicy). */
export const WarmupPolicySchema = v.variant('kind', [
  v.object({
    kind: v.literal('steady'),
    minNs: NonNegative,
    maxNs: NonNegative,
    batchNs: NonNegative,
    window: v.pipe(v.number(), v.integer(), v.minValue(3)),
    tolerance: NonNegative,
    quietShare: v.optional(NonNegative),
  }),
  v.object({ kind: v.literal('fixed'), ns: NonNegative }),
]);

export const StartCommandSchema = v.object({
  seq: Seq,
  op: v.literal('start'),
  /** The orchestrator's protocol version; a runner of another version refuses to start. */
  protocol: v.number(),
  runId: v.string(),
  target: TargetSchema,
  fork: Count,
  profile: v.picklist(['quick', 'full']),
  /** Sampling name; defaults to the profile's ('tiny' is for tests). */
  sampling: v.optional(v.picklist(['quick', 'full', 'tiny'])),
  shard: v.nullable(v.string()),
  /** Replaces the sampling's warm-up (for measuring warm-up policies against each other). */
  warmup: v.optional(WarmupPolicySchema),
  /** Time the calibration workload around every bench. */
  calibrate: v.boolean(),
  /**
   * Measure the suites' extra figures (memory, parsing alone, the walk floor) besides the timing;
   * default true. The orchestrator asks for them in each target's first fork only: they are not
   * what forks sample, and they cost about as much as the timing again.
   */
  extras: v.optional(v.boolean()),
  /**
   * Test hook for the harness's own sensitivity check (bench:compare --inject-slowdown): every call
   * of this bench is followed by busy work lasting `fraction` of the call, a known slowdown.
   */
  inject: v.optional(v.object({ bench: v.string(), fraction: v.pipe(v.number(), v.minValue(0), v.maxValue(10)) })),
  /** The testbed this runner's host belongs to (hosts.toml); the run record carries it. */
  testbed: v.optional(v.string()),
});

export const ListCommandSchema = v.object({
  seq: Seq,
  op: v.literal('list'),
  suites: v.nullable(v.array(v.string())),
  bench: v.nullable(v.array(v.string())),
});

export const RunCommandSchema = v.object({
  seq: Seq,
  op: v.literal('run'),
  id: v.string(),
  round: Count,
  position: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/**
 * The process warm-up before a fork's first measurement: every listed bench prepared and called for
 * the sampling's prewarmNs, in this order, nothing recorded (core/bench/session.ts warm).
 */
export const WarmCommandSchema = v.object({ seq: Seq, op: v.literal('warm'), ids: v.array(v.string()) });

export const ExitCommandSchema = v.object({ seq: Seq, op: v.literal('exit') });

export const CommandSchema = v.variant('op', [StartCommandSchema, ListCommandSchema, WarmCommandSchema, RunCommandSchema, ExitCommandSchema]);

export const HelloMessageSchema = v.object({
  type: v.literal('hello'),
  protocol: v.number(),
  runtime: v.object({ name: v.string(), version: v.string(), engine: v.string(), engineVersion: v.string() }),
  pid: v.nullable(v.number()),
  /** The commands this runner serves; absent in runners older than the `warm` command. */
  commands: v.optional(v.array(v.string())),
});

/** One bench id as `list` reports it. */
export const ListedBenchSchema = v.object({ suite: v.string(), id: v.string() });

export const ReplyMessageSchema = v.union([
  v.object({
    type: v.literal('reply'),
    seq: v.nullable(Seq),
    ok: v.literal(true),
    /** `list`: the selected benches in catalogue order. */
    benches: v.optional(v.array(ListedBenchSchema)),
    /** `run`: what the command produced. */
    produced: v.optional(v.picklist(['bench', 'error'])),
    /** `warm`: how many of the benches were warmed up (the others failed to prepare or run). */
    warmed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.object({ type: v.literal('reply'), seq: v.nullable(Seq), ok: v.literal(false), message: v.string() }),
]);

export type StartCommand = v.InferOutput<typeof StartCommandSchema>;
export type ListCommand = v.InferOutput<typeof ListCommandSchema>;
export type RunCommand = v.InferOutput<typeof RunCommandSchema>;
export type ExitCommand = v.InferOutput<typeof ExitCommandSchema>;
export type Command = v.InferOutput<typeof CommandSchema>;
export type HelloMessage = v.InferOutput<typeof HelloMessageSchema>;
export type ReplyMessage = v.InferOutput<typeof ReplyMessageSchema>;
export type ListedBench = v.InferOutput<typeof ListedBenchSchema>;

const issuesText = (issues: ReadonlyArray<v.BaseIssue<unknown>>) => describeIssues(issues, '(command)');

/** Reads one command line: the command, or why not (with the seq when it could be read, so the reply can name it). */
export function parseCommand(line: string): { ok: true; command: Command } | { ok: false; seq: number | null; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, seq: null, message: `not valid JSON (${(error as Error).message})` };
  }
  const seq = typeof value === 'object' && value !== null && Number.isInteger((value as { seq?: unknown }).seq) ? (value as { seq: number }).seq : null;
  const result = v.safeParse(CommandSchema, value);
  if (result.success) return { ok: true, command: result.output };
  return { ok: false, seq, message: `not a valid command: ${issuesText(result.issues)}` };
}

/** What the orchestrator reads on a runner's stdout: a protocol message, a record, or a line it cannot use. */
export type RunnerLine =
  | { kind: 'hello'; message: HelloMessage }
  | { kind: 'reply'; message: ReplyMessage }
  | { kind: 'record'; type: string; value: unknown }
  | { kind: 'invalid'; message: string };

/** Sorts one line from a runner. Records are passed on unvalidated: the results file keeps them as written and readers validate. */
export function classifyRunnerLine(line: string): RunnerLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'invalid', message: `not valid JSON (${(error as Error).message})` };
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type === 'hello') {
    const result = v.safeParse(HelloMessageSchema, value);
    return result.success ? { kind: 'hello', message: result.output } : { kind: 'invalid', message: `not a valid hello: ${issuesText(result.issues)}` };
  }
  if (type === 'reply') {
    const result = v.safeParse(ReplyMessageSchema, value);
    return result.success ? { kind: 'reply', message: result.output } : { kind: 'invalid', message: `not a valid reply: ${issuesText(result.issues)}` };
  }
  if (typeof type === 'string') return { kind: 'record', type, value };
  return { kind: 'invalid', message: 'a JSON value without a "type"' };
}
