/** Command-line arguments: options declared per command, unknown ones refused with a suggestion. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../src/diag/index.js';

export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The values and positionals parseArgs gives for these options. */
export type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

export function parse<T extends Options>(argv: string[], options: T, maxPositionals: number): Parsed<T> {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
    if (r.positionals.length > maxPositionals) throw new UsageError(`unexpected argument '${r.positionals[maxPositionals]}'`);
    return r;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const ambiguous = /Option '(--?[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous) throw new UsageError(`${ambiguous} takes a value that does not start with '-'`);
    const unknown = /Unknown option '(--?[\w-]+)'/.exec(message)?.[1];
    if (unknown) throw new UsageError(`unknown option '${unknown}'.${didYouMean(unknown, Object.keys(options).map((o) => `--${o}`))}`);
    throw new UsageError(message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}
