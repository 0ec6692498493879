// The token mask a request can carry: vLLM's `allowed_token_ids` or a `logit_bias` ban list (vLLM,
// SGLang), built from the static mask in Braid's IR (compiled with a vocabulary).
//
// Why the static mask and not the first step's: both servers apply these fields unchanged at EVERY
// decoding step (vLLM: a whitelist / bias in its sampler for the whole request; SGLang: a bias
// vector per request). The first step's mask would wrongly exclude tokens valid only later (a digit
// inside an identifier), so the only sound fixed mask is the union of the masks of every DFA state.
// That is a necessary condition, not constrained decoding: it never bans a token some valid output
// needs, but it cannot stop a token that is valid somewhere from being used where it is not. Real
// per-step masks need the server to run a logits processor that follows the DFA (vLLM's custom
// logits processors, or its structured_outputs backends fed the grammar or regex), which this request
// format cannot express; the IR carries the DFA and the first-step mask for such a processor.
import type { TokenMasks } from '../../braid/index.ts';
import { decodeMask, maskIds } from '../../tokenmask/index.ts';

/** How a request carries a mask: a whitelist of ids (vLLM) or a bias of -100 on each banned id. */
export type TokenMaskField = 'allowed_token_ids' | 'logit_bias';
/** 'auto' picks the shorter list among the fields the server takes. */
export type TokenMaskVia = 'auto' | TokenMaskField;
export const TOKEN_MASK_VIAS: readonly TokenMaskVia[] = ['auto', 'allowed_token_ids', 'logit_bias'];

/**
 * At most this many ids in one request by default: 50 000 ids are about 350 KB of JSON (allowed ids)
 * or 650 KB (a logit_bias map); neither server documents a limit, but request size and parse time grow with it.
 */
export const DEFAULT_TOKEN_MASK_MAX_IDS = 50_000;

/** vLLM clamps logit_bias to [-100, 100]; -100 makes a token practically (not provably) never sampled. */
export const BAN_BIAS = -100;

export interface TokenMaskRequest {
  field: TokenMaskField;
  vocabulary: string;
  /** The allowed ids (allowed_token_ids) or the banned ids (logit_bias), ascending. */
  ids: number[];
  /** How many of the vocabulary's `size` ids the static mask allows. */
  allowed: number;
  size: number;
}

/** A token mask the request cannot carry; the message is for the user. */
export class TokenMaskError extends Error {}

export interface TokenMaskOptions {
  via?: TokenMaskVia;
  maxIds?: number;
}

/** The request's mask from the IR's static mask, in a field the backend takes, within the size limit. */
export function staticTokenMask(
  masks: TokenMasks | undefined,
  backend: { name: string; tokenMaskFields?: readonly TokenMaskField[] },
  options: TokenMaskOptions = {},
): TokenMaskRequest {
  const supported = backend.tokenMaskFields ?? [];
  const via = options.via ?? 'auto';
  const maxIds = options.maxIds ?? DEFAULT_TOKEN_MASK_MAX_IDS;
  if (supported.length === 0) throw new TokenMaskError(`the ${backend.name} backend takes no token mask`);
  if (via !== 'auto' && !supported.includes(via)) throw new TokenMaskError(`${backend.name} takes no ${via}; it takes ${supported.join(' or ')}`);
  if (masks?.vocabulary === undefined || masks.size === undefined)
    throw new TokenMaskError('the compiled constraints carry no token mask (compile them with a vocabulary)');
  if (masks.static_mask === undefined) {
    throw new TokenMaskError(
      `the compiled constraints have no static token mask over ${masks.vocabulary}: the whole-output automaton has ${masks.dfa?.states ?? 'too many'} states, more than compile computes a mask for each`,
    );
  }
  const mask = decodeMask(masks.static_mask, masks.size);
  const allowed = maskIds(mask, masks.size, 'allowed');
  if (allowed.length === 0) throw new TokenMaskError(`no token of ${masks.vocabulary} is allowed: the constraints admit no output`);
  const lists: Record<TokenMaskField, () => number[]> = { allowed_token_ids: () => allowed, logit_bias: () => maskIds(mask, masks.size!, 'banned') };
  const candidates = (via === 'auto' ? supported : [via]).map((field) => ({ field, ids: lists[field]() }));
  const best = candidates.reduce((a, b) => (b.ids.length < a.ids.length ? b : a));
  if (best.ids.length > maxIds) {
    const sizes = candidates.map((c) => `${c.ids.length} for ${c.field}`).join(', ');
    throw new TokenMaskError(
      `the static token mask over ${masks.vocabulary} needs ${sizes}, over the limit of ${maxIds} ids per request; raise the limit${via === 'auto' ? '' : ' or let the field be chosen automatically'}, or constrain with a grammar or regex instead`,
    );
  }
  return { field: best.field, vocabulary: masks.vocabulary, ids: best.ids, allowed: allowed.length, size: masks.size };
}

/** The logit_bias map of a ban list: token id (as a string key) -> BAN_BIAS. */
export function banBias(ids: readonly number[]): Record<string, number> {
  const bias: Record<string, number> = {};
  for (const id of ids) bias[String(id)] = BAN_BIAS;
  return bias;
}
