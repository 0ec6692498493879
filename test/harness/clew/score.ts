// Precision and recall of extracted keys against an oracle's, as multisets, per kind (the key's first word).
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

/** Totals per kind over many files, and the first few disagreements of each file. */
export class Tally {
  readonly totals = new Map<string, Score>();
  readonly misses: string[] = [];

  add(label: string, score: ReturnType<typeof compareKeys>): void {
    for (const [kind, s] of score.byKind) {
      const t = this.totals.get(kind) ?? { found: 0, expected: 0, matched: 0 };
      this.totals.set(kind, { found: t.found + s.found, expected: t.expected + s.expected, matched: t.matched + s.matched });
    }
    for (const k of score.onlyFound.slice(0, 3)) this.misses.push(`extra   ${label}: ${k}`);
    for (const k of score.onlyExpected.slice(0, 3)) this.misses.push(`missing ${label}: ${k}`);
  }

  /** Prints precision and recall per kind and the first disagreements; asserts both at least `threshold` for every kind. */
  check(title: string, threshold: number): void {
    console.log(title);
    for (const [kind, t] of [...this.totals].sort()) {
      console.log(`  ${kind.padEnd(9)} precision ${(t.matched / t.found).toFixed(4)} recall ${(t.matched / t.expected).toFixed(4)} (${t.matched} matched, ${t.found} found, ${t.expected} expected)`);
    }
    if (this.misses.length > 0) console.log(this.misses.slice(0, 20).join('\n'));
    for (const [kind, t] of this.totals) {
      assert.ok(t.expected > 0, `${kind}: the oracle found none`);
      assert.ok(t.matched / t.found >= threshold, `${kind} precision ${t.matched}/${t.found}`);
      assert.ok(t.matched / t.expected >= threshold, `${kind} recall ${t.matched}/${t.expected}`);
    }
  }
}
