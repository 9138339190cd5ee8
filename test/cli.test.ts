import { it } from 'vitest';
import { run } from '../cli/main.js';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
async function go(argv: string[]) {
  let out = '', err = '';
  const code = await run(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  console.log('$ fuzhu', argv.join(' '), '=>', code, '\n--out--\n' + out.slice(0, 1500) + '\n--err--\n' + err.slice(0, 3000));
}
function copy(edit: (name: string, text: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'fz-'));
  cpSync('policy/liuzhou-2018', dir, { recursive: true });
  for (const f of ['rules.yaml', 'parameters.yaml', 'items.yaml']) {
    const p = join(dir, f);
    writeFileSync(p, edit(f, readFileSync(p, 'utf8')));
  }
  return dir;
}
it('explore', async () => {
  await go(['check', copy((f, t) => f === 'rules.yaml' ? t.replace("expr: month.end >= param(scheme.start_date)", "expr: judged_on >= param(scheme.start_date)").replace(`expr: "if param(interpretation.judgement_day) = 'month_end' then month.end else month.start"`, `expr: "if in_force then month.end else month.start"`) : t)]);
  await go(['check', copy((f, t) => f === 'rules.yaml' ? t.replace("expr: month.end >= param(scheme.start_date)", "expr: in_force") : t)]);
  await go(['check', '--json', copy((f, t) => f === 'rules.yaml' ? t.replace("expr: month.end >= param(scheme.start_date)", "expr: in_force") : t)]);
});
