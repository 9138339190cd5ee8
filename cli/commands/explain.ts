/** `fuzhu explain HOUSEHOLD --period P [--item ID]`: the reasoning as a tree, quoting the clauses. */
import { explain, evaluate, Tracer, didYouMean, type TraceNode } from '../../src/index.js';
import { COMMAND_LINES } from '../../src/messages/help.js';
import { parse, UsageError } from '../args.js';
import { householdPath, langFrom, periodFrom, policyFrom } from '../context.js';
import { householdsFrom } from '../households.js';
import { overlaySet, setEditsFrom } from '../setFlags.js';
import type { Io } from '../output.js';
import { householdOptions } from './eval.js';

/** The options of `fuzhu explain`; their help is in src/messages/help.ts. */
export const options = { ...householdOptions, item: { type: 'string' } } as const;

export async function explainCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  const path = householdPath(positionals[0], COMMAND_LINES.explain.usage);
  const period = periodFrom(values.period);
  const lang = langFrom(values.lang);
  const edits = await setEditsFrom(values.set, lang);
  const { policy } = await overlaySet(io, await policyFrom(io, values.policy, values.scenario), edits);
  const item = values.item;
  if (item !== undefined && !policy.items.some((i) => i.id === item)) {
    const ids = policy.items.map((i) => i.id);
    throw new UsageError((w, language) => `${w.unknownItem(item)}${didYouMean(item, ids, language)}${w.itemsAre(ids)}`);
  }
  const texts = householdsFrom(io, policy, path).map((h) => {
    const traces = new Map<number, TraceNode[]>();
    const ev = evaluate(policy, h, period, {
      tracerFor: (m) => {
        const t = new Tracer();
        traces.set(m, t.roots);
        return t;
      },
    });
    return explain(policy, ev, traces, lang, values.item);
  });
  io.out(texts.join('\n\n'));
  return 0;
}
