// Loads @mlc-ai/web-xgrammar in Node. Its lib/index.js is a UMD bundle inside a "type": "module"
// package, so neither `import` (no named ESM exports) nor `require` (treated as ESM) loads it;
// we evaluate the bundle as CommonJS with a require from createRequire.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface XGrammarGrammar {
  dispose(): void;
  toString(): string;
}
export interface XGrammarModule {
  Grammar: {
    fromEBNF(ebnf: string, rootRule?: string): Promise<XGrammarGrammar>;
    fromJSONSchema(schema: string, anyWhitespace?: boolean, indent?: number, separators?: [string, string], strictMode?: boolean): Promise<XGrammarGrammar>;
  };
  Testings: { isGrammarAcceptString(grammar: XGrammarGrammar, input: string): Promise<boolean> };
}

let loaded: XGrammarModule | null = null;

export function loadXGrammar(): XGrammarModule {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const path = require.resolve('@mlc-ai/web-xgrammar');
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'module', 'require', '__filename', '__dirname', readFileSync(path, 'utf8'))(module.exports, module, require, path, dirname(path));
  loaded = module.exports as unknown as XGrammarModule;
  return loaded;
}
