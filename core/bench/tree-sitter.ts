// tree-sitter's WebAssembly module as the suites see it: initialised by the harness before
// Clew so the harness holds emscripten's Module object, which gives the size of the WASM
// memory (reported apart from the JS heap) and malloc/free for the raw string-marshalling bench.
import { Parser, Language } from 'web-tree-sitter';
import { platform } from '../platform.ts';
import type { Language as SourceLanguage } from '../model/facts.ts';

/** The parts of emscripten's Module object the harness reads (set on the options object by web-tree-sitter's init). */
interface EmscriptenModule {
  wasmBinary?: Uint8Array;
  HEAPU8?: Uint8Array;
  _malloc?(bytes: number): number;
  _free?(pointer: number): void;
  stringToUTF8?(text: string, pointer: number, maxBytes: number): void;
  UTF8ToString?(pointer: number, maxBytes?: number): string;
}

export interface TreeSitterHandle {
  /** Bytes of tree-sitter's linear memory; null if another caller initialised tree-sitter first. */
  wasmBytes(): number | null;
  /** emscripten's string marshalling and allocator, null when unavailable (same reason). */
  marshal: { malloc(bytes: number): number; free(pointer: number): void; write(text: string, pointer: number, maxBytes: number): void; read(pointer: number, maxBytes: number): string } | null;
  language(language: SourceLanguage): Promise<Language>;
}

const GRAMMARS: Record<SourceLanguage, string> = {
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  zig: '@tree-sitter-grammars/tree-sitter-zig/tree-sitter-zig.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
};

let handle: Promise<TreeSitterHandle> | null = null;

/** Initialises web-tree-sitter once per process (later Parser.init calls, e.g. Clew's, reuse this module). */
export function treeSitter(): Promise<TreeSitterHandle> {
  handle ??= (async () => {
    const p = platform();
    const moduleObject: EmscriptenModule = { wasmBinary: await p.readFile(p.resolvePackageFile('web-tree-sitter/web-tree-sitter.wasm')) };
    await Parser.init(moduleObject as object);
    const owned = moduleObject.HEAPU8 !== undefined;
    const m = moduleObject as Required<EmscriptenModule>;
    const languages = new Map<SourceLanguage, Promise<Language>>();
    return {
      // HEAPU8 is replaced by emscripten whenever memory grows, so read it each time.
      wasmBytes: () => (owned ? m.HEAPU8.buffer.byteLength : null),
      marshal: owned
        ? {
            malloc: (bytes) => m._malloc(bytes),
            free: (pointer) => m._free(pointer),
            write: (text, pointer, maxBytes) => m.stringToUTF8(text, pointer, maxBytes),
            read: (pointer, maxBytes) => m.UTF8ToString(pointer, maxBytes),
          }
        : null,
      language(language) {
        let loaded = languages.get(language);
        if (!loaded) {
          loaded = p.readFile(p.resolvePackageFile(GRAMMARS[language])).then((bytes) => Language.load(bytes));
          languages.set(language, loaded);
        }
        return loaded;
      },
    };
  })();
  return handle;
}
