// The runner's side of the command protocol (core/record/protocol.ts): reads commands line by
// line, drives one BenchSession, and writes records and replies, each line flushed before the next
// command is read. Runtime-agnostic: the runner hands in its stdin lines and its stdout writer.
import { platform } from '../platform.ts';
import { parseCommand, PROTOCOL_VERSION, type Command, type HelloMessage, type ReplyMessage } from '../record/protocol.ts';
import { selectBenches } from '../catalogue.ts';
import { BenchSession, describeError, type SessionEnvironment } from './session.ts';

export interface ServeOptions extends Omit<SessionEnvironment, 'emit'> {
  /** Command lines as they arrive (the runner's stdin). */
  lines: AsyncIterable<string>;
  /** Writes one whole line (with its newline) synchronously. */
  write(text: string): void;
  pid: number | null;
}

/** The commands handle() serves, named in the hello. */
const SERVED = ['start', 'list', 'warm', 'run', 'exit'] as const satisfies ReadonlyArray<Command['op']>;

/** Serves commands until `exit` (0) or until the input ends without one (1: the orchestrator went away). */
export async function serve(o: ServeOptions): Promise<number> {
  const line = (value: unknown) => o.write(`${JSON.stringify(value)}\n`);
  const reply = (message: ReplyMessage) => line(message);
  const session = new BenchSession({ ...o, emit: line });
  const hello: HelloMessage = { type: 'hello', protocol: PROTOCOL_VERSION, runtime: { ...platform().runtime }, pid: o.pid, commands: [...SERVED] };
  line(hello);
  for await (const text of o.lines) {
    if (text.trim() === '') continue;
    const parsed = parseCommand(text);
    if (!parsed.ok) {
      reply({ type: 'reply', seq: parsed.seq, ok: false, message: parsed.message });
      continue;
    }
    const command = parsed.command;
    try {
      const done = await handle(command, session, reply);
      if (done) return 0;
    } catch (error) {
      reply({ type: 'reply', seq: command.seq, ok: false, message: describeError(error) });
    }
  }
  o.progress(`[${platform().runtime.name}] the command stream ended without 'exit'; stopping`);
  return 1;
}

/** Carries out one command; true when the session is over. */
async function handle(command: Command, session: BenchSession, reply: (message: ReplyMessage) => void): Promise<boolean> {
  switch (command.op) {
    case 'start':
      if (command.protocol !== PROTOCOL_VERSION) {
        reply({
          type: 'reply',
          seq: command.seq,
          ok: false,
          message: `this runner speaks protocol ${PROTOCOL_VERSION}, the orchestrator ${command.protocol}: rebuild dist/ (npm run build) on both sides`,
        });
        return false;
      }
      await session.start({
        runId: command.runId,
        target: command.target,
        fork: command.fork,
        protocol: PROTOCOL_VERSION,
        profile: command.profile,
        ...(command.sampling === undefined ? {} : { sampling: command.sampling }),
        ...(command.warmup === undefined ? {} : { warmup: command.warmup }),
        shard: command.shard,
        calibrate: command.calibrate,
        ...(command.extras === undefined ? {} : { extras: command.extras }),
        ...(command.inject === undefined ? {} : { inject: command.inject }),
        ...(command.testbed === undefined ? {} : { testbed: command.testbed }),
      });
      reply({ type: 'reply', seq: command.seq, ok: true });
      return false;
    case 'list': {
      const selection = selectBenches(command.suites, command.bench);
      if (!selection.ok) reply({ type: 'reply', seq: command.seq, ok: false, message: selection.message });
      else reply({ type: 'reply', seq: command.seq, ok: true, benches: selection.entries.map((e) => ({ suite: e.suite, id: e.id })) });
      return false;
    }
    case 'warm': {
      if (!session.started) {
        reply({ type: 'reply', seq: command.seq, ok: false, message: "'warm' before 'start'" });
        return false;
      }
      const warmed = await session.warm(command.ids);
      reply({ type: 'reply', seq: command.seq, ok: true, warmed });
      return false;
    }
    case 'run': {
      if (!session.started) {
        reply({ type: 'reply', seq: command.seq, ok: false, message: "'run' before 'start'" });
        return false;
      }
      const produced = await session.run(command.id, command.round, command.position);
      reply({ type: 'reply', seq: command.seq, ok: true, produced });
      return false;
    }
    case 'exit':
      await session.finish();
      reply({ type: 'reply', seq: command.seq, ok: true });
      return true;
  }
}
