// Oracle: Clew's Go functions and methods (owner, parameter names and type text, results), type
// declarations (kind, struct fields) and imports agree with Go's own parser, go/ast (oracle-go/main.go,
// built with Debian's golang-go), on files of Go's standard library and of its toolchain (cmd/),
// two groups checked apart.
import { test } from 'node:test';
import { repoPath } from '../../support/platform.ts';
import { cachedBuild, requireTool, runOrFail } from '../../support/tools.ts';
import { checkDeclarations } from './declarations.ts';
import type { KnownDisagreement } from './score.ts';

const GO = '/usr/bin/go';
const GOROOT_SRC = '/usr/lib/go-1.19/src';

/** The files of each group, under GOROOT_SRC. */
const GROUPS: Record<string, string[]> = {
  std: [
    'bufio/scan.go',
    'bytes/buffer.go',
    'container/list/list.go',
    'context/context.go',
    'encoding/json/decode.go',
    'encoding/json/encode.go',
    'errors/wrap.go',
    'fmt/print.go',
    'io/io.go',
    'net/http/cookie.go',
    'net/url/url.go',
    'os/exec/exec.go',
    'regexp/regexp.go',
    'sort/sort.go',
    'strconv/atoi.go',
    'strings/builder.go',
    'strings/replace.go',
    'sync/mutex.go',
    'sync/atomic/type.go',
    'text/template/exec.go',
    'time/format.go',
  ],
  cmd: [
    'cmd/gofmt/gofmt.go',
    'cmd/go/internal/modload/load.go',
    'cmd/compile/internal/syntax/parser.go',
    'cmd/vet/main.go',
    'cmd/go/internal/cache/cache.go',
    'cmd/internal/obj/link.go',
    'cmd/compile/internal/types2/api.go',
    'cmd/go/internal/work/exec.go',
  ],
};

/** Disagreements understood and accepted, each with why. */
const KNOWN: KnownDisagreement[] = [];

/** The go/ast lister, built once into .ananke/oracles (git ignores it) and rebuilt when main.go changes. */
function goOracle(): string {
  requireTool(GO, 'golang-go');
  const source = repoPath('test/harness/clew/oracle-go/main.go');
  const output = repoPath('.ananke/oracles/go-ast');
  // a build cache of its own: nothing depends on the user's HOME or GOPATH
  const env = { ...process.env, GOCACHE: repoPath('.ananke/oracles/go-cache'), GOFLAGS: '' };
  return cachedBuild(output, [source], () => {
    runOrFail(GO, ['build', '-o', output, source], { cwd: repoPath('test/harness/clew/oracle-go'), env });
  });
}

test('Go: functions, methods, types and imports match go/ast on the standard library and the toolchain, apart', async () => {
  const oracle = goOracle();
  await checkDeclarations({
    language: 'go',
    title: `Go oracle (go/ast, ${GO})`,
    root: GOROOT_SRC,
    groups: GROUPS,
    packages: 'golang-1.19-src (with golang-go)',
    oracle: (paths) => JSON.parse(runOrFail(oracle, paths)) as Record<string, string[]>,
    // Go has no variants, and an import brings its package (no names)
    options: { fieldKinds: ['struct'], variantKinds: [], importNames: false },
    kinds: ['fields', 'function', 'import', 'params', 'results', 'type'],
    known: KNOWN,
  });
});
