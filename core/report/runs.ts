// Turns NDJSON lines from any number of files into runs: each bench, error and done
// record attached to the run record it belongs to, with problems named by file and line.
import { checkRecord, type BenchRecord, type DoneRecord, type ErrorRecord, type RunRecord } from '../record/schema.ts';

/** One runner process's records (one target, one fork, one host). */
export interface LoadedRun {
  /** The file the records came from. */
  source: string;
  run: RunRecord;
  benches: BenchRecord[];
  errors: ErrorRecord[];
  done: DoneRecord | null;
}

/** A line that could not be used, with where it is and why. */
export interface LineProblem {
  source: string;
  line: number;
  message: string;
}

/**
 * Collects records line by line (callers stream the files and feed each line).
 * Bench, error and done records belong to the latest run record with the same runId
 * in the same file; anything else is reported as a problem, never silently dropped.
 */
export class RunCollector {
  readonly runs: LoadedRun[] = [];
  readonly problems: LineProblem[] = [];
  readonly #openRuns = new Map<string, LoadedRun>();

  /** Feeds one raw line of text (without its newline). Blank lines are ignored. */
  addLine(source: string, line: number, text: string): void {
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.problems.push({ source, line, message: `not valid JSON (${(error as Error).message}): ${preview(text)}` });
      return;
    }
    this.addValue(source, line, parsed);
  }

  /** Feeds one parsed JSON value. */
  addValue(source: string, line: number, value: unknown): void {
    const checked = checkRecord(value);
    if (!checked.ok) {
      this.problems.push({ source, line, message: `not a valid record: ${checked.message}` });
      return;
    }
    const record = checked.record;
    const key = `${source}\u0000${record.runId}`;
    const owner = this.#openRuns.get(key);
    // A version-1 bench knew its runtime and round only through its run record.
    if (checked.upgraded && record.type === 'bench' && owner !== undefined) {
      record.target = owner.run.target.label;
      record.fork = owner.run.fork;
      record.position = owner.benches.length;
    }
    if (record.type === 'run') {
      const run: LoadedRun = { source, run: record, benches: [], errors: [], done: null };
      this.#openRuns.set(key, run);
      this.runs.push(run);
      return;
    }
    if (owner === undefined) {
      this.problems.push({ source, line, message: `${record.type} record for run "${record.runId}" comes before any run record of that run in this file` });
      return;
    }
    if (record.type === 'bench') owner.benches.push(record);
    else if (record.type === 'error') owner.errors.push(record);
    else owner.done = record;
  }
}

function preview(text: string): string {
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}…` : JSON.stringify(text);
}

/** Identifies the machine a run was measured on: its testbed when the run spanned hosts, else its hostname. */
export function hostKey(run: RunRecord): string {
  return run.testbed ?? run.host.hostname;
}

/** Runs of one target on one host are pooled together; this is their key. */
export function columnKey(run: RunRecord): string {
  return `${run.target.label}@${hostKey(run)}`;
}
