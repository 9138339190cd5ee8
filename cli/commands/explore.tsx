/**
 * `fuzhu explore --population FILE [--policy DIR] [--scenario FILE]… [--year YYYY]`: the what-if
 * in the terminal. Opens a full-screen ink view of the parameters and the year's budget, priced
 * again at each key (see cli/explore/). Refused, exit 2, when stdin or stdout is not a terminal:
 * a script or a pipe uses `fuzhu simulate --set`.
 */
import { EXPLORE } from '../../src/messages/index.js';
import * as dates from '../../src/dsl/dates.js';
import type { Policy } from '../../src/policy/model.js';
import { parse } from '../args.js';
import { langAsked, langFrom, policyFrom, populationFrom, yearFrom } from '../context.js';
import type { Io } from '../output.js';

/** The options of `fuzhu explore`; their help is in src/messages/help.ts. */
export const options = {
  population: { type: 'string' },
  policy: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  year: { type: 'string' },
  lang: { type: 'string' },
} as const;

/** Whether both ends of the session are a terminal; tests give their own answer. */
export type TerminalCheck = () => boolean;
const attached: TerminalCheck = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export async function exploreCommand(io: Io, argv: string[], isTerminal: TerminalCheck = attached): Promise<number> {
  const { values } = parse(argv, options, 0);
  langAsked(values.lang);
  const population = populationFrom(values.population);
  const year = values.year === undefined ? undefined : yearFrom(values.year, '--year');
  if (!isTerminal()) {
    io.err(`fuzhu explore: ${EXPLORE[langFrom(values.lang)].notTerminal}`);
    return 2;
  }
  const { policy } = await policyFrom(io, values.policy, values.scenario);
  const lang = langFrom(values.lang, policy);
  inkForAPerson();
  const [{ render }, { createElement }, { ExploreApp }, { Explorer }] = await Promise.all([import('ink'), import('react'), import('../explore/ExploreApp.js'), import('../explore/state.js')]);
  const explorer = new Explorer(policy, population, year ?? firstWholeYear(policy));
  const app = render(createElement(ExploreApp, { explorer, lang, color: !process.env.NO_COLOR, saveTo: 'explore-scenario.yaml' }), { exitOnCtrlC: true, patchConsole: false });
  await app.waitUntilExit();
  return 0;
}

/**
 * Set before ink and React are loaded, since both read the environment once as they load.
 * ink, when CI or CONTINUOUS_INTEGRATION is set, writes only the last frame at exit (the
 * is-in-ci package): right for a build log, a blank screen for a person; both ends are a
 * terminal here, so the variables are dropped. React without NODE_ENV loads its development
 * build, whose checks make each frame slower: the production build is asked for unless the
 * environment names another.
 */
export function inkForAPerson(): void {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV ??= 'production';
}

/** The first calendar year through the whole of which every parameter has a value. */
export function firstWholeYear(policy: Policy): number {
  const first = Math.max(...[...policy.parameters.values()].flatMap((p) => (p.values[0] ? [p.values[0].from] : [])));
  return dates.monthOf(first) === 1 && dates.dayOf(first) === 1 ? dates.yearOf(first) : dates.yearOf(first) + 1;
}
