/** Command-line arguments: options declared per command, unknown ones refused with a suggestion. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../src/diag/index.js';
import type { Lang } from '../src/messages/lang.js';
import { USAGE, type UsageWords } from '../src/messages/usage.js';

/** What a usage error says: the words of a language (`USAGE[lang]`) made into a message, or a message already in the chosen language. */
export type Wording = string | ((w: UsageWords, lang: Lang) => string);

/** A wording in a language. */
export function worded(wording: Wording, lang: Lang): string {
  return typeof wording === 'string' ? wording : wording(USAGE[lang], lang);
}

/** A wrong command line (exit 2). `message` is in English; `in(lang)` says it in the language of the command line. */
export class UsageError extends Error {
  readonly #wording: Wording;

  constructor(wording: Wording) {
    super(worded(wording, 'en'));
    this.#wording = wording;
  }

  in(lang: Lang): string {
    return worded(this.#wording, lang);
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The values and positionals parseArgs gives for these options. */
export type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

export function parse<T extends Options>(argv: string[], options: T, maxPositionals: number): Parsed<T> {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
    const extra = r.positionals[maxPositionals];
    if (extra !== undefined) throw new UsageError((w) => w.unexpectedArgument(extra));
    return r;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const ambiguous = /Option '(--?[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    if (ambiguous) throw new UsageError((w) => w.valueStartsWithDash(ambiguous));
    const unknown = /Unknown option '(--?[\w-]+)'/.exec(message)?.[1];
    if (unknown) throw new UsageError((w, lang) => `${w.unknownOption(unknown)}${didYouMean(unknown, Object.keys(options).map((o) => `--${o}`), lang)}`);
    const missing = /^Option '(--[\w-]+) <value>' argument missing$/m.exec(message)?.[1];
    if (missing) throw new UsageError((w) => w.valueMissing(missing));
    const valued = /^Option '(--[\w-]+)' does not take an argument$/m.exec(message)?.[1];
    if (valued) throw new UsageError((w) => w.noValueTaken(valued));
    throw new UsageError(message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}
