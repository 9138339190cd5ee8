/**
 * Help: `fuzhu help [COMMAND]`, `fuzhu --help` and `fuzhu COMMAND --help`, rendered from the
 * command's declared options and its entry in src/messages/help.ts (usage line, value names,
 * required flags and examples from COMMAND_LINES; every word from HELP), in the language of
 * `--lang` anywhere in the arguments, else the locale, else the policy's declared language.
 */
import { nearest } from '../src/diag/index.js';
import { COMMAND_LINES, HELP, HELP_USAGE, type CommandHelp, type CommandName } from '../src/messages/help.js';
import type { Lang } from '../src/messages/index.js';
import { UsageError, type Options } from './args.js';
import { langFrom } from './context.js';
import type { Io } from './output.js';

/** The words that ask for help. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['help', '--help', '-h']);

const NAMES = Object.keys(COMMAND_LINES) as CommandName[];

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_LINES, name);
}

/** The language of `--lang X` or `--lang=X` anywhere in argv (the last one), else langFrom's; an unknown one is refused. */
export function helpLang(argv: readonly string[]): Lang {
  let text: string | undefined;
  for (const [i, a] of argv.entries()) {
    if (a === '--lang') text = argv[i + 1] ?? '';
    else if (a.startsWith('--lang=')) text = a.slice('--lang='.length);
  }
  return langFrom(text);
}

/** As helpLang, for an error already being reported: an unknown --lang gives the default language instead. */
export function errorLang(argv: readonly string[]): Lang {
  try {
    return helpLang(argv);
  } catch {
    return langFrom(undefined);
  }
}

/** argv without its `--lang X` and `--lang=X`. */
function withoutLang(argv: readonly string[]): string[] {
  return argv.filter((a, i) => a !== '--lang' && !a.startsWith('--lang=') && argv[i - 1] !== '--lang');
}

/** `usage: fuzhu eval HOUSEHOLD --period P …`, the line every usage error ends with. */
export function usageLine(name: CommandName, lang: Lang): string {
  return `${HELP[lang].words.usage}${COMMAND_LINES[name].usage}`;
}

/** A flag as the usage line shows it: its value name, and whether it is required (outside any brackets). */
export interface UsageFlag {
  readonly value?: string;
  readonly required: boolean;
}

/** The flags a usage line names. */
export function usageFlags(usage: string): Map<string, UsageFlag> {
  const flags = new Map<string, UsageFlag>();
  let depth = 0;
  // A value name may hold a bracketed part of its own: PARAM=VALUE[@DATE].
  for (const m of usage.matchAll(/[[(]|[\])]|--([a-z][a-z0-9-]*)(?: (?![-[(|])((?:[^\s[\]()…]|\[[^\s\]]*\])+))?/g)) {
    if (m[0] === '[' || m[0] === '(') depth++;
    else if (m[0] === ']' || m[0] === ')') depth--;
    else flags.set(m[1]!, { ...(m[2] === undefined ? {} : { value: m[2] }), required: depth === 0 });
  }
  return flags;
}

/** The help of one command: summary, usage, paragraph, every flag with its value, default and repetition, and the examples. */
export function commandHelp(name: CommandName, options: Options, lang: Lang): string {
  const w = HELP[lang].words;
  const entry: CommandHelp = HELP[lang].commands[name];
  const inUsage = usageFlags(COMMAND_LINES[name].usage);
  // In the order of the usage line, which groups the flags that go together.
  const order = [...inUsage.keys()];
  const rank = (flag: string) => (order.includes(flag) ? order.indexOf(flag) : order.length);
  const flags = Object.entries(options).sort(([a], [b]) => rank(a) - rank(b));
  const rows: [string, string][] = flags.map(([flag, o]) => {
    const u = inUsage.get(flag);
    const help = entry.flags[flag];
    const notes = [
      u?.required ? w.required : help?.requiredWhen ?? (help?.default !== undefined ? `${w.default}${help.default}` : o.type === 'boolean' ? `${w.default}${w.off}` : undefined),
      o.multiple ? w.repeatable : undefined,
    ].filter((n) => n !== undefined);
    return [`--${flag}${u?.value ? ` ${u.value}` : ''}`, `${help?.text ?? ''}${w.note(notes)}`];
  });
  rows.push(['-h, --help', w.helpFlag]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `fuzhu ${name} — ${entry.summary}`,
    '',
    usageLine(name, lang),
    '',
    entry.description,
    '',
    w.options,
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
    w.examples,
    ...COMMAND_LINES[name].examples.flatMap((line, i) => [`  ${line}`, `      ${entry.examples[i] ?? ''}`]),
  ].join('\n');
}

/** The list of commands, each with its summary and usage line. */
export function commandList(lang: Lang): string {
  const { words: w, commands } = HELP[lang];
  const width = Math.max(...NAMES.map((c) => c.length));
  return [
    w.intro,
    '',
    w.commands,
    ...NAMES.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}\n  ${' '.repeat(width)}  ${COMMAND_LINES[name].usage}`),
    '',
    w.footer,
  ].join('\n');
}

/** `unknown command 'evl'. Did you mean 'eval'?` */
export function unknownCommand(name: string, lang: Lang): string {
  return HELP[lang].words.unknownCommand(name, nearest(name, NAMES));
}

/**
 * `fuzhu help [COMMAND]`, `fuzhu --help`, `fuzhu` alone (the list, exit 2), and `fuzhu COMMAND
 * --help` (when `command` is given, the rest of argv is the command's and is not read).
 * `optionsOf` loads a command's declared options.
 */
export async function showHelp(io: Io, argv: readonly string[], optionsOf: (name: CommandName) => Promise<Options>, command?: CommandName): Promise<number> {
  let lang: Lang;
  try {
    lang = helpLang(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`fuzhu: ${e.in(errorLang(argv))}`);
    return 2;
  }
  if (command) {
    io.out(commandHelp(command, await optionsOf(command), lang));
    return 0;
  }
  const words = withoutLang(argv);
  const topics = words.filter((a) => !HELP_WORDS.has(a));
  if (topics.length === 0) {
    io.out(commandList(lang));
    return words.length === 0 ? 2 : 0;
  }
  const [topic, extra] = topics as [string, ...string[]];
  if (!isCommand(topic)) {
    io.err(`fuzhu: ${unknownCommand(topic, lang)}\n\n${commandList(lang)}`);
    return 2;
  }
  if (extra !== undefined) {
    io.err(`fuzhu help: ${HELP[lang].words.oneTopic(extra)}\n${HELP[lang].words.usage}${HELP_USAGE}`);
    return 2;
  }
  io.out(commandHelp(topic, await optionsOf(topic), lang));
  return 0;
}
