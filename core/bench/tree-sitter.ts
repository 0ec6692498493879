// tree-sitter's WebAssembly module as the suites see it: initialised through the one shared
// initialiser (core/clew/tree-sitter-module.ts), so the harness reaches emscripten's Module object,
// which gives the size of the WASM memory (reported apart from the JS heap) and malloc/free for
// the raw string-marshalling bench.
import { Language } from 'web-tree-sitter';
import { initTreeSitter, type EmscriptenModule } from '../clew/tree-sitter-module.ts';
import { platform } from '../platform.ts';
import type { Language as SourceLanguage } from '../model/facts.ts';

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

/** web-tree-sitter as the suites use it (initialised once per process, shared with Clew). */
export function treeSitter(): Promise<TreeSitterHandle> {
  handle ??= (async () => {
    const p = platform();
    const { module } = await initTreeSitter();
    const owned = module !== null;
    const m = module as Required<EmscriptenModule>;
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
