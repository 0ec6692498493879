// What every command shares for its input and output: where it writes (tests pass their own
// sinks instead of patching process.stdout) and a readable reason for a failed file read.

/** Where a command writes. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout and stderr, a line per call. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

/** A readable reason for a failed read, without a stack trace. */
export function ioMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
