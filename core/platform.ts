// The platform boundary: everything runtime-specific that the core needs, provided
// by each runner (runners/node, runners/bun, runners/deno). Nothing under core/
// touches Deno, Bun, process, require or node: modules; a test enforces it.

/** What a runtime says about itself, for records and tables. */
export interface RuntimeInfo {
  /** 'node' | 'bun' | 'deno' (or 'fake' in tests). */
  name: string;
  version: string;
  /** The JavaScript engine: 'V8' or 'JavaScriptCore'. */
  engine: string;
  engineVersion: string;
}

/** A heap reading, labelled with how the runtime measures it. */
export interface HeapReading {
  /** Bytes of JavaScript heap in use. */
  usedBytes: number;
  /** Bytes of JavaScript heap reserved. */
  totalBytes: number;
  /** Bytes held outside the JS heap (ArrayBuffers, WebAssembly memory), when known. */
  externalBytes: number | null;
  /** How these figures were obtained, e.g. 'v8.getHeapStatistics' or 'bun:jsc heapStats'. */
  source: string;
}

/** The calling thread's scheduler accounting (Linux /proc/thread-self/schedstat), ns since it started. */
export interface SchedStat {
  /** Time spent running on a CPU. */
  onCpuNs: number;
  /** Time spent runnable but waiting for a CPU: what other work on the machine took from this thread. */
  waitNs: number;
}

/** A worker started from a module URL, speaking structured clone. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  /** Resolves with the next message the worker posts. */
  nextMessage(): Promise<unknown>;
  terminate(): Promise<void>;
}

export interface Platform {
  runtime: RuntimeInfo;
  /** Whole contents of a file as bytes. Rejects with an Error whose message names the path. */
  readFile(path: string): Promise<Uint8Array>;
  /** Absolute filesystem path of a file inside an installed package, e.g. 'tree-sitter-go/tree-sitter-go.wasm'. */
  resolvePackageFile(specifier: string): string;
  /** Monotonic high-resolution clock in nanoseconds (fractional allowed). */
  nowNs(): number;
  /**
   * Force a garbage collection: a full one, or with 'young' the young generation alone where the
   * engine can collect it apart (V8's scavenge, JavaScriptCore's eden collection; elsewhere a full
   * one). False when the runtime was started without the means to.
   */
  gc(generation?: 'young'): boolean;
  heap(): HeapReading;
  /** The main thread's scheduler accounting, or null where the system does not expose it (not Linux). */
  schedStat(): SchedStat | null;
  /**
   * CPU time (ns) used so far by the process's threads other than the calling one (a runtime's JIT
   * compilers and collector helpers), or null where the system does not expose it (not Linux).
   */
  otherThreadsCpuNs?(): number | null;
  /** Starts a worker that runs the given module URL (an ES module). */
  startWorker(moduleUrl: string): WorkerHandle;
}

let current: Platform | null = null;

/** Installs the platform; runners call this once at start-up. */
export function setPlatform(platform: Platform): void {
  current = platform;
}

/** The installed platform. Throws if a runner forgot to install one (a bug, not a user error). */
export function platform(): Platform {
  if (current === null) throw new Error('no platform installed: call setPlatform() from the runner first');
  return current;
}
