// The `ananke` CLI: dispatches to one module per command under cli/commands/.
import { setPlatform } from '../core/platform.ts';
import { nodePlatform } from '../runners/node/platform.ts';

/** Every command, its module and a one-line summary. A command module exports `run(args): Promise<number>`. */
export const COMMANDS: Record<string, string> = {
  extract: 'extract constraints from a source file or directory (Clew)',
  compile: 'compile constraints into IR, JSON Schema, Lark, EBNF or regexes (Braid)',
  mask: 'token-mask statistics for a constraint over a tokenizer vocabulary',
  sample: 'a constrained sample over a tokenizer vocabulary (no model needed)',
  generate: 'generate code against a vLLM or SGLang server (Maze)',
};

export interface CommandModule {
  run(args: string[]): Promise<number>;
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `usage: ananke <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nananke <command> --help shows a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return command === undefined ? 2 : 0;
  }
  if (!(command in COMMANDS)) {
    console.error(`ananke: unknown command '${command}'\n\n${usage()}`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = (await import(`./commands/${command}.js`)) as CommandModule;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(`commands/${command}.js`)) {
      console.error(`ananke: '${command}' is not available yet in this build`);
      return 2;
    }
    throw error;
  }
  setPlatform(nodePlatform());
  return mod.run(rest);
}
