// Regexes of the four naming conventions. Written so that each is unambiguous for a
// backtracking engine (the repeated group starts with '_', which the group body never matches).
import type { NamingConvention } from '../model/facts.ts';

export const NAMING_REGEX: Record<NamingConvention, string> = {
  camelCase: '[a-z][a-zA-Z0-9]*',
  PascalCase: '[A-Z][a-zA-Z0-9]*',
  snake_case: '[a-z][a-z0-9]*(?:_[a-z0-9]+)*',
  SCREAMING_SNAKE_CASE: '[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*',
};

/** A generic identifier, when no convention constrains a category. */
export const IDENTIFIER_REGEX = '[A-Za-z_][A-Za-z0-9_]*';
