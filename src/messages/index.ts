/**
 * The message catalogue: every word a user reads, in Chinese and English, one file per area.
 * Code picks a language's set (`CLI[lang]`); policy labels come from the policy package itself.
 */
export { langOfLocale, LANGS, messages, type Lang, type Messages } from './lang.js';
export { WORDS } from './explain.js';
export { LITERATE } from './literate.js';
export { COMMAND_LINES, HELP, HELP_USAGE, type CommandHelp, type CommandName, type FlagHelp } from './help.js';
export { ROWS } from './rows.js';
export { XLSX } from './xlsx.js';
export { PARAMS, type SetSyntaxProblem } from './params.js';
export { TABLES } from './tables.js';
export { grouped, inWan, percentChange } from './numbers.js';
export { COMMANDS_TEXT } from './commands.js';
export { FRAME } from './diagnostics.js';
export { PROP } from './prop.js';
export { VALUES } from './values.js';
export { DIFF } from './diff.js';
export { REPORT } from './report.js';
export { EXPLORE } from './explore.js';
export { USAGE, type UsageWords } from './usage.js';
export { FILES } from './files.js';
