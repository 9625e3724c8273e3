import { parseArgs } from 'node:util';
import { RunwayError } from './errors.ts';

export interface CommandLineSpec<V extends string, S extends string> {
  /** Options that take a value, as `--name value` or `--name=value`. */
  values: readonly V[];
  /** Options that take none (`--send`). */
  switches?: readonly S[];
  /** Whether bare arguments (an alert id) are allowed; otherwise each is an error. */
  positionals?: boolean;
}

export interface CommandLine<V extends string, S extends string> {
  values: Partial<Record<V, string>>;
  switches: Set<S>;
  positionals: string[];
}

const usage = (reason: string): RunwayError => new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason });

/**
 * The long options of a runway command, tokenised by node's `util.parseArgs`. It runs non-strict
 * and the tokens are checked here, so that a value may begin with a dash (`--threshold -5`), while
 * a missing value (`--input --step 1d`), an unknown option, a repeated one, or a stray argument is
 * a RUNWAY_ERR_CLI_USAGE naming it, the first in argument order.
 */
export function readCommandLine<V extends string, S extends string = never>(argv: readonly string[], spec: CommandLineSpec<V, S>): CommandLine<V, S> {
  const switches: readonly string[] = spec.switches ?? [];
  const options = Object.fromEntries([
    ...spec.values.map((name) => [name, { type: 'string' as const }]),
    ...switches.map((name) => [name, { type: 'boolean' as const }]),
  ]);
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const line: CommandLine<V, S> = { values: {}, switches: new Set(), positionals: [] };
  const seen = new Set<string>();
  for (const token of tokens) {
    const raw = argv[token.index]!;
    if (token.kind === 'positional' && spec.positionals) {
      line.positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') throw usage(`unexpected argument "${raw}"`);
    // Only `--lower-case-name`: a short option or `--=x` is an argument we do not take.
    if (!/^--[a-z][a-z-]*(?:=|$)/s.test(raw)) throw usage(`unexpected argument "${raw}"`);
    const name = token.name;
    if (!(spec.values as readonly string[]).includes(name) && !switches.includes(name)) throw usage(`unknown option --${name}`);
    if (seen.has(name)) throw usage(`--${name} given twice`);
    seen.add(name);
    if (switches.includes(name)) {
      if (token.value !== undefined) throw usage(`--${name} takes no value`);
      line.switches.add(name as S);
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw usage(`--${name} needs a value`);
      line.values[name as V] = token.value;
    }
  }
  return line;
}
