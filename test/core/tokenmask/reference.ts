// The token masks' reference model for the tests: a token is allowed in a state when walking its
// bytes one by one through the DFA keeps an accepting state reachable (EOS: the state accepts).
import { canReachAccept, step, type Dfa } from '../../../core/automata/index.ts';
import { NORMAL, tokenBytes, type Vocabulary } from '../../../core/tokenmask/index.ts';

export function bruteForceAllowed(vocab: Vocabulary, dfa: Dfa, state: number, id: number): boolean {
  if (vocab.eos.includes(id)) return dfa.accepting[state] === 1;
  if (vocab.kinds[id] !== NORMAL) return false;
  let s = state;
  for (const byte of tokenBytes(vocab, id)) s = step(dfa, s, byte);
  return canReachAccept(dfa, s);
}
