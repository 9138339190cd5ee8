/** `fuzhu doc [POLICY] --out DIR [--lang zh|en]`: writes the literate view (Markdown and HTML) of a policy in the reader's language. */
import { join } from 'node:path';
import { defaultPolicyDir, literateView, runPolicyTests, toHtml, toMarkdown } from '../../src/index.js';
import { parse, UsageError } from '../args.js';
import { COMMANDS_TEXT } from '../../src/messages/index.js';
import { langAsked, langFrom, policyFrom } from '../context.js';
import { outputFolder, writeOutput } from '../files.js';
import type { Io } from '../output.js';

/** The options of `fuzhu doc`; their help is in src/messages/help.ts. */
export const options = { out: { type: 'string' }, lang: { type: 'string' } } as const;

export async function docCommand(io: Io, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, 1);
  langAsked(values.lang);
  if (!values.out) throw new UsageError((w) => w.docOutRequired);
  outputFolder(values.out, '--out');
  const { policy } = await policyFrom(io, positionals[0] ?? defaultPolicyDir(), [], (w) => w.thePolicy);
  const lang = langFrom(values.lang, policy);
  const blocks = literateView(policy, runPolicyTests(policy).outcomes, lang);
  const md = join(values.out, `${policy.meta.id}.md`);
  const html = join(values.out, `${policy.meta.id}.html`);
  writeOutput(md, toMarkdown(blocks));
  writeOutput(html, toHtml(`${policy.meta.document} ${policy.meta.title.zh}`, blocks, lang));
  const w = COMMANDS_TEXT[lang];
  io.out(w.wroteFiles(`${md}${w.and}${html}`));
  return 0;
}
