// A process-wide memo of regex automata, like the compiled-pattern cache of a regex engine:
// a DFA is a pure function of (pattern, mode, budget), and Braid meets the same naming and
// signature patterns on every compile. Bounded; the oldest entry goes first.
import { regexToDfa, type Dfa } from '../automata/index.ts';

const LIMIT = 1024;
const memo = new Map<string, Dfa | Error>();

/** The DFA of a pattern; throws the automata library's error (also memoised) when it has none. */
export function memoDfa(source: string, mode: 'full' | 'search', maxStates: number): Dfa {
  const key = `${mode}\u0000${maxStates}\u0000${source}`;
  let entry = memo.get(key);
  if (entry === undefined) {
    try {
      entry = regexToDfa(source, { mode, maxStates });
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'RegexSyntaxError' && name !== 'UnsupportedRegexError' && name !== 'StateBudgetError') throw error;
      entry = error as Error;
    }
    if (memo.size >= LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(key, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}
