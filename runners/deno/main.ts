// The Deno benchmark runner:
//   deno run --allow-all --v8-flags=--expose-gc dist/runners/deno/main.js [flags]
// Permissions: read (fixtures, grammars, .git/HEAD), env and sys (node:os host facts), write (--out),
// and reading /proc/thread-self (the scheduler's accounting of the runner's thread), which Deno
// grants only with --allow-all. With narrower permissions (e.g. --allow-read --allow-env --allow-sys
// --allow-write) it runs, without the scheduler figures. git.dirty is null under Deno (no `git status`).
import { benchMain, streamLines } from '../shared/bench-main.ts';
import { denoPlatform } from './platform.ts';

interface DenoGlobal {
  args: string[];
  cwd(): string;
  exit(code: number): never;
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: { writeSync(bytes: Uint8Array): number };
  stdin: { readable: ReadableStream<Uint8Array> };
  pid: number;
}
const deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;

function writeAll(stream: { writeSync(bytes: Uint8Array): number }, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
}

if ((globalThis as { gc?: unknown }).gc === undefined) {
  writeAll(deno.stderr, '[deno] warning: started without --v8-flags=--expose-gc; memory figures will be unavailable\n');
}
const code = await benchMain({
  platform: denoPlatform(),
  argv: deno.args,
  moduleUrl: import.meta.url,
  cwd: deno.cwd(),
  writeStdout: (text) => writeAll(deno.stdout, text),
  writeStderr: (text) => writeAll(deno.stderr, text),
  canSpawn: false,
  stdinLines: () => streamLines(deno.stdin.readable),
  pid: deno.pid,
});
deno.exit(code);
