// `ananke mask`: token-mask statistics for a regex constraint over a tokenizer vocabulary.
import { parseArgs } from 'node:util';
import { platform } from '../../core/platform.ts';
import { RegexSyntaxError, StateBudgetError, UnsupportedRegexError } from '../../core/automata/index.ts';
import {
  MaskCache,
  VOCABULARY_NAMES,
  constraintDfa,
  countAllowed,
  loadVocabulary,
  tokenBytes,
  tokenTrie,
  type Vocabulary,
  type VocabularyName,
} from '../../core/tokenmask/index.ts';

const USAGE = `usage: ananke mask --vocab o200k|cl100k|llama3 --regex '<pattern>' [--forbid '<pattern>']... [--flags is] [--max-states N] [--all-states N] [--show N]

Prints the mask of the constraint's start state (allowed tokens, words, bytes) and build times.
--forbid    a pattern that must not occur anywhere in the output (repeatable)
--all-states  also compute the masks of up to N DFA states (default 64) and summarise them
--show      list up to N allowed tokens of the start state (default 10)`;

export interface CommonConstraintArgs {
  vocab: VocabularyName;
  regex: string;
  forbid: string[];
  flags: string | undefined;
  maxStates: number | undefined;
}

/** Reads and checks the options mask and sample share; returns an error message instead of throwing. */
/** The options that name a vocabulary and a constraint, shared by `ananke mask` and `ananke sample`. */
export const CONSTRAINT_OPTIONS = {
  vocab: { type: 'string' },
  regex: { type: 'string' },
  forbid: { type: 'string', multiple: true },
  flags: { type: 'string' },
  'max-states': { type: 'string' },
} as const;

export function constraintArgs(values: Record<string, string | boolean | string[] | undefined>): CommonConstraintArgs | string {
  const vocab = values.vocab;
  if (typeof vocab !== 'string' || !(VOCABULARY_NAMES as readonly string[]).includes(vocab)) {
    return `--vocab must be one of ${VOCABULARY_NAMES.join(', ')}${typeof vocab === 'string' ? ` (got '${vocab}')` : ''}`;
  }
  const regex = values.regex;
  if (typeof regex !== 'string') return '--regex is required';
  const maxStates = values['max-states'] === undefined ? undefined : Number(values['max-states']);
  if (maxStates !== undefined && !(Number.isInteger(maxStates) && maxStates > 0)) return '--max-states must be a positive integer';
  return {
    vocab: vocab as VocabularyName,
    regex,
    forbid: (values.forbid as string[] | undefined) ?? [],
    flags: values.flags as string | undefined,
    maxStates,
  };
}

/** Regex and budget errors are the user's to fix: one line, no stack. */
export function userError(error: unknown): string | null {
  if (error instanceof RegexSyntaxError || error instanceof UnsupportedRegexError || error instanceof StateBudgetError) return error.message;
  return null;
}

export function describeToken(vocab: Vocabulary, id: number): string {
  if (vocab.kinds[id] !== 0) return [...vocab.specialTokens].find(([, v]) => v === id)?.[0] ?? `<${id}>`;
  const bytes = tokenBytes(vocab, id);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.includes('\ufffd') ? `bytes ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}` : JSON.stringify(text);
}

const ms = (ns: number): string => `${(ns / 1e6).toFixed(2)} ms`;
const us = (ns: number): string => `${(ns / 1e3).toFixed(1)} µs`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...CONSTRAINT_OPTIONS,
        'all-states': { type: 'string' },
        show: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`ananke mask: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = constraintArgs(values);
  if (typeof options === 'string') {
    console.error(`ananke mask: ${options}\n\n${USAGE}`);
    return 2;
  }
  const clock = platform();
  let t = clock.nowNs();
  const vocab = await loadVocabulary(options.vocab);
  const loadNs = clock.nowNs() - t;
  t = clock.nowNs();
  let dfa;
  try {
    dfa = constraintDfa(options.regex, {
      forbid: options.forbid,
      ...(options.flags === undefined ? {} : { flags: options.flags }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    });
  } catch (error) {
    const message = userError(error);
    if (message === null) throw error;
    console.error(`ananke mask: ${message}`);
    return 2;
  }
  const dfaNs = clock.nowNs() - t;
  t = clock.nowNs();
  tokenTrie(vocab);
  const trieNs = clock.nowNs() - t;
  const cache = new MaskCache(vocab, dfa);
  t = clock.nowNs();
  const mask = cache.mask(dfa.start);
  const coldNs = clock.nowNs() - t;
  const repeats = 100_000;
  t = clock.nowNs();
  for (let i = 0; i < repeats; i++) cache.mask(dfa.start);
  const cachedNs = (clock.nowNs() - t) / repeats;
  const allowed = countAllowed(mask);
  const eosAllowed = vocab.eos.filter((id) => (mask[id >>> 5]! >>> (id & 31)) & 1);

  console.log(`vocabulary      ${vocab.name}: ${vocab.tokenCount} tokens, mask size ${vocab.size} bits = ${mask.length} words (${mask.byteLength} bytes)`);
  console.log(`constraint      /${options.regex}/${options.flags ?? ''}${options.forbid.map((f) => ` minus /${f}/`).join('')}: ${dfa.stateCount} DFA states`);
  console.log(
    `start state     ${allowed} allowed (${((100 * allowed) / vocab.tokenCount).toFixed(2)}%), EOS ${eosAllowed.length > 0 ? 'allowed' : 'not allowed'}`,
  );
  const show = Number(values.show ?? 10);
  const examples: string[] = [];
  for (let id = 0; id < vocab.size && examples.length < show; id++) if ((mask[id >>> 5]! >>> (id & 31)) & 1) examples.push(`${id} ${describeToken(vocab, id)}`);
  if (examples.length > 0) console.log(`examples        ${examples.join(', ')}`);
  console.log(
    `times           vocabulary load ${ms(loadNs)}, DFA ${ms(dfaNs)}, token trie ${ms(trieNs)} (${cache.trie.nodeCount} nodes), first mask ${us(coldNs)} (cold, includes building the byte-class indexes and JIT warm-up), cached mask ${cachedNs.toFixed(0)} ns`,
  );

  const limit = Math.min(dfa.stateCount, Number(values['all-states'] ?? 64));
  let totalAllowed = 0;
  let minAllowed = Infinity;
  let maxAllowed = 0;
  let worstNs = 0;
  t = clock.nowNs();
  for (let state = 0; state < limit; state++) {
    const s0 = clock.nowNs();
    const n = countAllowed(cache.mask(state));
    worstNs = Math.max(worstNs, clock.nowNs() - s0);
    totalAllowed += n;
    minAllowed = Math.min(minAllowed, n);
    maxAllowed = Math.max(maxAllowed, n);
  }
  const allNs = clock.nowNs() - t;
  console.log(
    `states 0..${limit - 1}   allowed min ${minAllowed} / mean ${(totalAllowed / limit).toFixed(0)} / max ${maxAllowed}; masks ${ms(allNs)} in all, ${us(allNs / limit)} mean, ${us(worstNs)} worst; cache ${cache.cachedStates} states, ${cache.distinctMasks} distinct masks = ${((cache.distinctMasks * mask.byteLength) / 1024).toFixed(1)} KiB`,
  );
  return 0;
}
