// One live runner process driven through the command protocol (core/record/protocol.ts): records
// it prints are appended to its results file as they arrive (synchronously, so a crash of either
// side loses nothing already received), its stderr goes to its log, replies settle the command in
// flight. The transport is any child process whose stdin/stdout carry the protocol: the runtime
// itself locally, `ssh host …` for another machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { classifyRunnerLine, type Command, type HelloMessage, type ReplyMessage } from '../core/record/protocol.ts';

/** Distributes Omit over a union, so each command keeps its own fields. */
type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;
export type CommandBody = WithoutSeq<Command>;

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Why a process stopped answering: it died, it hung past a timeout, or it was stopped on purpose. */
export class RunnerFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'died' | 'timeout' | 'stopped' | 'spawn' | 'protocol',
  ) {
    super(message);
  }
}

export interface RunnerProcessOptions {
  spec: ProcessSpec;
  /** Where records go (appended). */
  recordsFile: string;
  /** Where stderr and the commands sent go (appended). */
  logFile: string;
  /** A stderr line that is not a progress line (warnings, failures), for the terminal. */
  onMessage?(line: string): void;
  /** A record line as written (for counting and progress). */
  onRecord?(type: string, value: unknown): void;
}

/** A line without its terminal colours, trimmed. */
function plain(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

/** Grace period between SIGTERM and SIGKILL when stopping a runner. */
const KILL_GRACE_MS = 2000;
/** A progress line runners print on stderr: "[runtime] suite bench (3/74)". */
const PROGRESS = /^\[[^\]]+\]\s+\S+\s+\S+\s+\([^)]*\)\s*$/;

export class RunnerProcess {
  readonly #child: ChildProcess;
  readonly #records: number;
  readonly #log: number;
  readonly #options: RunnerProcessOptions;
  #seq = 0;
  #pending: { seq: number; resolve(reply: ReplyMessage): void; reject(error: RunnerFailure): void; timer: NodeJS.Timeout | null } | null = null;
  #hello: { resolve(message: HelloMessage): void; reject(error: RunnerFailure): void } | null = null;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  #stopping = false;
  #closed = false;
  /** The first line of stderr that reads as an error, kept for the failure message (a backtrace may follow it). */
  #firstError: string | null = null;
  readonly hello: Promise<HelloMessage>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Lines received that were neither a protocol message nor JSON with a type. */
  readonly invalidLines: string[] = [];
  stderrTail: string[] = [];

  constructor(options: RunnerProcessOptions) {
    this.#options = options;
    this.#records = openSync(options.recordsFile, 'a');
    this.#log = openSync(options.logFile, 'a');
    this.hello = new Promise((resolve, reject) => (this.#hello = { resolve, reject }));
    this.hello.catch(() => {});
    const { spec } = options;
    this.#child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.#child.stdin!.on('error', () => {}); // a dead runner's closed pipe is reported through 'close'
    let stdoutRest = '';
    let stderrRest = '';
    const split = (get: () => string, set: (rest: string) => void, push: (line: string) => void) => (chunk: string) => {
      const lines = (get() + chunk).split('\n');
      set(lines.pop()!);
      for (const line of lines) push(line.replace(/\r$/, ''));
    };
    this.#child.stdout!.setEncoding('utf8').on(
      'data',
      split(
        () => stdoutRest,
        (r) => (stdoutRest = r),
        (l) => this.#onStdout(l),
      ),
    );
    this.#child.stderr!.setEncoding('utf8').on(
      'data',
      split(
        () => stderrRest,
        (r) => (stderrRest = r),
        (l) => this.#onStderr(l),
      ),
    );
    let spawnError: Error | null = null;
    this.#child.on('error', (error) => (spawnError = error));
    this.exited = new Promise((resolve) => {
      this.#child.on('close', (code, signal) => {
        // A last line without its newline (the runner died mid-write) is kept too.
        if (stdoutRest !== '') this.#onStdout(stdoutRest);
        if (stderrRest !== '') this.#onStderr(stderrRest);
        this.#exit = { code, signal };
        this.#closeFiles();
        const why =
          spawnError !== null
            ? new RunnerFailure(`could not start ${spec.command}: ${spawnError.message}`, 'spawn')
            : new RunnerFailure(
                this.#stopping ? 'stopped' : `exited${signal !== null ? ` (killed by ${signal})` : ` with code ${code}`}${this.#lastWords()}`,
                this.#stopping ? 'stopped' : 'died',
              );
        this.#hello?.reject(why);
        this.#hello = null;
        this.#settle(null, why);
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get alive(): boolean {
    return this.#exit === null;
  }

  /** What the runner said: its first error line when it printed one (not a backtrace's end), else its last two lines. */
  #lastWords(): string {
    const lines = this.stderrTail.map(plain).filter((l) => l !== '');
    const tail = this.#firstError ?? lines.slice(-2).join(' | ');
    return tail === '' ? '' : `; its last words: ${tail}`;
  }

  #closeFiles(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#records);
    closeSync(this.#log);
  }

  #writeLog(text: string): void {
    if (!this.#closed) writeSync(this.#log, `${text}\n`);
  }

  #onStdout(line: string): void {
    if (line.trim() === '') return;
    const sorted = classifyRunnerLine(line);
    switch (sorted.kind) {
      case 'hello':
        this.#hello?.resolve(sorted.message);
        this.#hello = null;
        return;
      case 'reply':
        this.#settle(sorted.message, null);
        return;
      case 'record':
        if (!this.#closed) writeSync(this.#records, `${line}\n`);
        this.#options.onRecord?.(sorted.type, sorted.value);
        return;
      case 'invalid':
        // Kept in the results file as written: merge reports it with its line number.
        if (!this.#closed) writeSync(this.#records, `${line}\n`);
        this.invalidLines.push(line);
        this.#writeLog(`! invalid line on stdout: ${sorted.message}`);
    }
  }

  #onStderr(line: string): void {
    this.#writeLog(line);
    if (this.#firstError === null && /(^|\s)(\w*Error|error):|too old/.test(plain(line))) this.#firstError = plain(line);
    this.stderrTail.push(line);
    if (this.stderrTail.length > 20) this.stderrTail = this.stderrTail.slice(-20);
    if (!PROGRESS.test(line) && line.trim() !== '') this.#options.onMessage?.(line);
  }

  #settle(reply: ReplyMessage | null, failure: RunnerFailure | null): void {
    const pending = this.#pending;
    if (pending === null) return;
    if (reply !== null && reply.seq !== null && reply.seq !== pending.seq) {
      this.#writeLog(`! reply for command ${reply.seq} while waiting for ${pending.seq}; ignored`);
      return;
    }
    this.#pending = null;
    if (pending.timer !== null) clearTimeout(pending.timer);
    if (reply !== null) pending.resolve(reply);
    else pending.reject(failure!);
  }

  /** Sends one command and waits for its reply; rejects with a RunnerFailure if the runner dies or exceeds the timeout (it is then killed). */
  request(body: CommandBody, timeoutMs: number): Promise<ReplyMessage> {
    if (this.#pending !== null) return Promise.reject(new Error('one command at a time'));
    if (this.#exit !== null) return Promise.reject(new RunnerFailure('the runner has already exited', 'died'));
    const seq = ++this.#seq;
    const command = { seq, ...body };
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.#settle(null, new RunnerFailure(`no reply within ${Math.round(timeoutMs / 1000)} s (hung); killed`, 'timeout'));
            void this.stop();
          }, timeoutMs)
        : null;
      this.#pending = { seq, resolve, reject, timer };
      const text = JSON.stringify(command);
      this.#writeLog(`> ${text}`);
      this.#child.stdin!.write(`${text}\n`);
    });
  }

  /** Waits for the hello, up to a timeout (then the process is killed). */
  async waitForHello(timeoutMs: number): Promise<HelloMessage> {
    let timer: NodeJS.Timeout | null = null;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RunnerFailure(`no hello within ${Math.round(timeoutMs / 1000)} s`, 'timeout')), timeoutMs);
    });
    try {
      return await Promise.race([this.hello, timeout]);
    } catch (error) {
      if (error instanceof RunnerFailure && error.kind === 'timeout') void this.stop();
      throw error;
    } finally {
      if (timer !== null) clearTimeout(timer);
    }
  }

  /** Stops the process group: SIGTERM, then SIGKILL after a grace period. Resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.#exit !== null) return;
    this.#stopping = true;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-this.#child.pid!, signal);
      } catch {
        try {
          this.#child.kill(signal);
        } catch {
          // Already gone.
        }
      }
    };
    signalGroup('SIGTERM');
    const killer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }

  /** Closes stdin (a runner reading commands then ends on its own). */
  endInput(): void {
    this.#child.stdin!.end();
  }
}
