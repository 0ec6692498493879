// Precision and recall of extracted keys against an oracle's, as multisets, per kind (the key's first word).

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
