// The token masks' reference model for the tests: a token is allowed in a state when walking its
// bytes one by one through the DFA keeps an accepting state reachable (EOS: the state accepts).
import fc from 'fast-check';
import { StateBudgetError, canReachAccept, step, type Dfa } from '../../../core/automata/index.ts';
import { NORMAL, constraintDfa, tokenBytes, type Vocabulary } from '../../../core/tokenmask/index.ts';

export function bruteForceAllowed(vocab: Vocabulary, dfa: Dfa, state: number, id: number): boolean {
  if (vocab.eos.includes(id)) return dfa.accepting[state] === 1;
  if (vocab.kinds[id] !== NORMAL) return false;
  let s = state;
  for (const byte of tokenBytes(vocab, id)) s = step(dfa, s, byte);
  return canReachAccept(dfa, s);
}

/**
 * The constraint DFA of a random regex, or the case set aside (fast-check's precondition) when the
 * regex needs more states than the budget: a property about masks has nothing to say about it, and
 * the budget's own error is tested in test/core/automata/utf8-and-errors.test.ts.
 */
export function dfaWithinBudget(source: string, options?: Parameters<typeof constraintDfa>[1]): ReturnType<typeof constraintDfa> {
  try {
    return constraintDfa(source, options);
  } catch (error) {
    if (error instanceof StateBudgetError) fc.pre(false);
    throw error;
  }
}
