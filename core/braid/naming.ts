// Regexes of the four naming conventions: a convention's core (core/model's NAMING_CORE_REGEX, the
// same Clew classifies names with) between optional leading and trailing underscores, which Clew
// strips as privacy or keyword-dodging marks. Still unambiguous for a backtracking engine: the
// trailing `_*` only takes underscores no core group can end with.
import { NAMING_CONVENTIONS, NAMING_CORE_REGEX, type NamingConvention } from '../model/facts.ts';

export const NAMING_REGEX = Object.fromEntries(NAMING_CONVENTIONS.map((c) => [c, `_*${NAMING_CORE_REGEX[c]}_*`])) as Readonly<Record<NamingConvention, string>>;

/** A generic identifier, when no convention constrains a category. */
export const IDENTIFIER_REGEX = '[A-Za-z_][A-Za-z0-9_]*';
