/** A command line as a POSIX shell reads it: each argument quoted where the shell would split or expand it. */

/** Arguments safe without quotes: letters, digits and `_./:@%+=,-`. */
const PLAIN = /^[\w./:@%+=,-]+$/;

/** One argument for a shell: as it is when plain, else in single quotes (a quote inside as '\''). */
export function shellQuote(arg: string): string {
  return PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The words of a command joined into one line a shell runs as given. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
