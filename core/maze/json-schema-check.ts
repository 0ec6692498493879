// A small JSON Schema (2020-12) validator for checking generated JSON against the compiled
// schema. Core cannot depend on ajv (a dev dependency here); the tests compare this with ajv.
// Keywords: type, enum, const, properties, required, additionalProperties, patternProperties,
// items, prefixItems, minItems, maxItems, uniqueItems, minLength, maxLength, pattern, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, anyOf, oneOf, allOf, not,
// $ref (local JSON Pointers), $defs/definitions, format "date-time"/"date"/"email"/"uri".
// Unknown keywords are ignored, as the specification says.

export type Schema = boolean | { [key: string]: unknown };

export interface SchemaError {
  /** JSON Pointer of the offending value, '' for the document itself. */
  path: string;
  message: string;
}

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function pointerSegment(key: string | number): string {
  return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function resolvePointer(root: Schema, ref: string): Schema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema | undefined;
}

/** Validates `value` against `schema`; an empty list means valid. Stops collecting after `limit` errors. */
export function validateJsonSchema(schema: Schema, value: unknown, limit = 20): SchemaError[] {
  const errors: SchemaError[] = [];
  const regexCache = new Map<string, RegExp>();
  const regex = (source: string): RegExp => {
    let r = regexCache.get(source);
    if (r === undefined) {
      r = new RegExp(source, 'u');
      regexCache.set(source, r);
    }
    return r;
  };

  const check = (s: Schema, v: unknown, path: string, out: SchemaError[], depth: number): void => {
    if (out.length >= limit) return;
    if (depth > 200) {
      out.push({ path, message: 'schema recursion too deep' });
      return;
    }
    if (s === true) return;
    if (s === false) {
      out.push({ path, message: 'no value is allowed here' });
      return;
    }
    const fail = (message: string): void => void out.push({ path, message });

    if (typeof s.$ref === 'string') {
      const target = resolvePointer(schema, s.$ref);
      if (target === undefined) fail(`unresolvable $ref ${s.$ref}`);
      else check(target, v, path, out, depth + 1);
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => matchesType(v, t))) {
        fail(`expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) fail(`expected one of ${JSON.stringify(s.enum)}, got ${JSON.stringify(v)}`);
    if ('const' in s && !deepEqual(s.const, v)) fail(`expected ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}`);

    if (typeof v === 'string') {
      const length = [...v].length;
      if (typeof s.minLength === 'number' && length < s.minLength) fail(`shorter than ${s.minLength} characters`);
      if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`longer than ${s.maxLength} characters`);
      if (typeof s.pattern === 'string' && !regex(s.pattern).test(v)) fail(`does not match /${s.pattern}/`);
      if (typeof s.format === 'string' && FORMATS[s.format] !== undefined && !FORMATS[s.format]!.test(v)) fail(`not a valid ${s.format}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) fail(`less than ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) fail(`greater than ${s.maximum}`);
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) fail(`not greater than ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) fail(`not less than ${s.exclusiveMaximum}`);
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) fail(`not a multiple of ${s.multipleOf}`);
    }
    if (Array.isArray(v)) {
      const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]) : [];
      prefix.forEach((item, i) => {
        if (i < v.length) check(item, v[i], path + pointerSegment(i), out, depth + 1);
      });
      if (s.items !== undefined) for (let i = prefix.length; i < v.length; i++) check(s.items as Schema, v[i], path + pointerSegment(i), out, depth + 1);
      if (typeof s.minItems === 'number' && v.length < s.minItems) fail(`fewer than ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) fail(`more than ${s.maxItems} items`);
      if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i)) fail('items are not unique');
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      const patterns = (s.patternProperties ?? {}) as Record<string, Schema>;
      if (Array.isArray(s.required)) for (const key of s.required as string[]) if (!Object.hasOwn(obj, key)) fail(`missing required property '${key}'`);
      for (const key of Object.keys(obj)) {
        let matched = false;
        if (Object.hasOwn(properties, key)) {
          matched = true;
          check(properties[key]!, obj[key], path + pointerSegment(key), out, depth + 1);
        }
        for (const [pattern, sub] of Object.entries(patterns)) {
          if (regex(pattern).test(key)) {
            matched = true;
            check(sub, obj[key], path + pointerSegment(key), out, depth + 1);
          }
        }
        if (!matched && s.additionalProperties !== undefined) {
          if (s.additionalProperties === false) out.push({ path: path + pointerSegment(key), message: `property '${key}' is not allowed` });
          else check(s.additionalProperties as Schema, obj[key], path + pointerSegment(key), out, depth + 1);
        }
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(sub, v, path, out, depth + 1);
    if (Array.isArray(s.anyOf)) {
      const branches = (s.anyOf as Schema[]).map((sub) => {
        const e: SchemaError[] = [];
        check(sub, v, path, e, depth + 1);
        return e;
      });
      if (!branches.some((e) => e.length === 0)) {
        const closest = branches.reduce((a, b) => (b.length < a.length ? b : a));
        fail(`matches none of anyOf (closest: ${closest.map((e) => `${e.path || '/'} ${e.message}`).join('; ')})`);
      }
    }
    if (Array.isArray(s.oneOf)) {
      const passing = (s.oneOf as Schema[]).filter((sub) => {
        const e: SchemaError[] = [];
        check(sub, v, path, e, depth + 1);
        return e.length === 0;
      }).length;
      if (passing !== 1) fail(`matches ${passing} of oneOf, expected exactly 1`);
    }
    if (s.not !== undefined) {
      const e: SchemaError[] = [];
      check(s.not as Schema, v, path, e, depth + 1);
      if (e.length === 0) fail('matches the schema in "not"');
    }
  };

  check(schema, value, '', errors, 0);
  return errors;
}
