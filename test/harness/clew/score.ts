// Agreement of extracted keys with an oracle's, as multisets, per kind (the key's first word) and per
// group of files (say a language's standard library apart from third-party packages), so one
// group's disagreements cannot hide behind another's volume. Every disagreement must be listed,
// with its reason, as a known one; a listed one that no longer occurs fails too.
import assert from 'node:assert/strict';

export interface Score {
  found: number;
  expected: number;
  matched: number;
}

export function compareKeys(found: string[], expected: string[]): { byKind: Map<string, Score>; onlyFound: string[]; onlyExpected: string[] } {
  const remaining = new Map<string, number>();
  for (const k of expected) remaining.set(k, (remaining.get(k) ?? 0) + 1);
  const byKind = new Map<string, Score>();
  const score = (key: string) => {
    const kind = key.slice(0, key.indexOf(' '));
    let s = byKind.get(kind);
    if (s === undefined) byKind.set(kind, (s = { found: 0, expected: 0, matched: 0 }));
    return s;
  };
  const onlyFound: string[] = [];
  for (const k of found) {
    const s = score(k);
    s.found++;
    const left = remaining.get(k) ?? 0;
    if (left > 0) {
      s.matched++;
      remaining.set(k, left - 1);
    } else onlyFound.push(k);
  }
  const onlyExpected: string[] = [];
  for (const k of expected) score(k).expected++;
  for (const [k, n] of remaining) for (let i = 0; i < n; i++) onlyExpected.push(k);
  return { byKind, onlyFound, onlyExpected };
}

/** One key the extractor and the oracle disagree on: `extra` = only the extractor has it, `missing` = only the oracle. */
export interface Disagreement {
  group: string;
  file: string;
  side: 'extra' | 'missing';
  key: string;
}

/** A disagreement that is understood and accepted, and why. */
export interface KnownDisagreement extends Disagreement {
  reason: string;
}

/** What each group must show: the kinds the oracle finds there, and the share of agreement (1 = every key). */
export type GroupExpectations = Record<string, { kinds: string[]; threshold?: number }>;

const label = (d: Disagreement) => `${d.side.padEnd(7)} ${d.group}: ${d.file}: ${d.key}`;
const sameDisagreement = (a: Disagreement, b: Disagreement) => a.group === b.group && a.file === b.file && a.side === b.side && a.key === b.key;

/** Totals per group and kind over many files, and every disagreement. */
export class Tally {
  readonly groups = new Map<string, { files: number; totals: Map<string, Score> }>();
  readonly disagreements: Disagreement[] = [];

  add(group: string, file: string, score: ReturnType<typeof compareKeys>): void {
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = { files: 0, totals: new Map() }));
    g.files++;
    for (const [kind, s] of score.byKind) {
      const t = g.totals.get(kind) ?? { found: 0, expected: 0, matched: 0 };
      g.totals.set(kind, { found: t.found + s.found, expected: t.expected + s.expected, matched: t.matched + s.matched });
    }
    for (const key of score.onlyFound) this.disagreements.push({ group, file, side: 'extra', key });
    for (const key of score.onlyExpected) this.disagreements.push({ group, file, side: 'missing', key });
  }

  /**
   * Everything wrong, as lines: a group missing or unexpected, a kind the oracle found none of, a
   * disagreement not in `known`, a known one that did not occur, and a kind whose agreement
   * (counting known disagreements as agreed) is under the group's threshold.
   */
  problems(expectations: GroupExpectations, known: readonly KnownDisagreement[]): string[] {
    const out: string[] = [];
    const groups = [...this.groups.keys()].sort();
    const wanted = Object.keys(expectations).sort();
    if (groups.join() !== wanted.join()) out.push(`groups: got ${groups.join(', ')}; expected ${wanted.join(', ')}`);
    for (const d of this.disagreements) if (!known.some((k) => sameDisagreement(k, d))) out.push(`not listed: ${label(d)}`);
    for (const k of known) if (!this.disagreements.some((d) => sameDisagreement(k, d))) out.push(`listed but did not occur: ${label(k)} (${k.reason})`);
    for (const [group, { kinds, threshold = 1 }] of Object.entries(expectations)) {
      const totals = this.groups.get(group)?.totals ?? new Map<string, Score>();
      const seen = [...totals.keys()].sort();
      if (seen.join() !== [...kinds].sort().join()) out.push(`${group}: kinds ${seen.join(', ')}; expected ${[...kinds].sort().join(', ')}`);
      for (const [kind, t] of totals) {
        if (t.expected === 0) out.push(`${group}: ${kind}: the oracle found none`);
        const allowed = (side: Disagreement['side']) =>
          this.disagreements.filter((d) => d.group === group && d.side === side && d.key.startsWith(`${kind} `) && known.some((k) => sameDisagreement(k, d)))
            .length;
        const precision = t.found === 0 ? 1 : (t.matched + allowed('extra')) / t.found;
        const recall = t.expected === 0 ? 1 : (t.matched + allowed('missing')) / t.expected;
        if (precision < threshold || recall < threshold)
          out.push(`${group}: ${kind}: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} with the known disagreements, under ${threshold}`);
      }
    }
    return out;
  }

  /** The figures per group and kind, as printed by check(). */
  report(title: string, known: readonly KnownDisagreement[]): string {
    const lines = [title];
    for (const [group, { files, totals }] of [...this.groups].sort(([a], [b]) => a.localeCompare(b))) {
      const listed = known.filter((k) => k.group === group).length;
      lines.push(`  ${group} (${files} files${listed > 0 ? `, ${listed} known disagreement(s)` : ''}):`);
      for (const [kind, t] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(
          `    ${kind.padEnd(9)} precision ${(t.matched / t.found).toFixed(4)} recall ${(t.matched / t.expected).toFixed(4)} (${t.matched} matched, ${t.found} found, ${t.expected} expected)`,
        );
      }
    }
    for (const k of known) lines.push(`  known: ${label(k)}: ${k.reason}`);
    return lines.join('\n');
  }

  /** Prints the figures and asserts there are no problems. */
  check(title: string, expectations: GroupExpectations, known: readonly KnownDisagreement[]): void {
    console.log(this.report(title, known));
    const problems = this.problems(expectations, known);
    assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problem(s)`);
  }
}
