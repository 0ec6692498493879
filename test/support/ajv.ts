// Strict ajv (draft 2020-12), the independent oracle every JSON Schema test validates with.
import { Ajv2020 } from 'ajv/dist/2020.js';

/** RFC 3339 date-time, the only format Braid emits (ajv ships no formats of its own). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', RFC3339);
  return ajv;
}

/** A schema as a predicate (compiled once). */
export function validator(schema: object): (data: unknown) => boolean {
  const v = newAjv().compile(schema);
  return (data) => v(data) as boolean;
}
