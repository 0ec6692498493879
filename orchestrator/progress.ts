// What a run shows while it measures: on a terminal one line rewritten in place (a progress bar,
// done/total, fork, round, bench, target, elapsed and the time left); otherwise one plain line per
// bench, so a CI log stays readable. Messages (warnings, failures) always get their own line.
import type { SessionReporter } from './session.ts';

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}

const BAR_WIDTH = 20;

/** "▕███████░░░░░░░░░░░░░▏ 35%": how much of the plan is done (the adaptive phase adds to the total as it goes). */
export function progressBar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(share * BAR_WIDTH);
  return `▕${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)}▏ ${String(Math.floor(share * 100)).padStart(3)}%`;
}

export class ProgressReporter implements SessionReporter {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #started: number;
  #shown = false;
  #lastBench = '';

  constructor(stream: NodeJS.WriteStream, options: { tty?: boolean; now?: () => number } = {}) {
    this.#stream = stream;
    this.#tty = options.tty ?? Boolean(stream.isTTY);
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
  }

  step(info: Parameters<SessionReporter['step']>[0]): void {
    const elapsed = this.#now() - this.#started;
    const left = info.done > 1 ? (elapsed / (info.done - 1)) * (info.total - info.done + 1) : null;
    const where = `fork ${info.fork}${info.adaptive ? ' (adaptive)' : `/${info.forks}`}${info.rounds > 1 ? ` round ${info.round}/${info.rounds}` : ''}`;
    if (this.#tty) {
      const eta = left === null ? '' : `, ${formatDuration(left)} left`;
      const columns = this.#stream.columns ?? 120;
      const text = `${progressBar(info.done - 1, info.total)} ${info.done}/${info.total} · ${where} · ${info.bench} · ${info.target} · ${formatDuration(elapsed)}${eta}`;
      this.#stream.write(`\r\u001b[2K${[...text].slice(0, Math.max(20, columns - 1)).join('')}`);
      this.#shown = true;
    } else {
      // One line per bench (every target), not per cell.
      const key = `${info.fork}/${info.round}/${info.bench}`;
      if (key === this.#lastBench) return;
      this.#lastBench = key;
      this.#stream.write(`[${where}] ${info.bench} (${info.done}/${info.total}, ${formatDuration(elapsed)})\n`);
    }
  }

  message(line: string): void {
    this.clear();
    this.#stream.write(`${line}\n`);
  }

  /** Ends a rewritten line before other output. */
  clear(): void {
    if (this.#tty && this.#shown) this.#stream.write('\r\u001b[2K');
    this.#shown = false;
  }
}
