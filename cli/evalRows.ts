/**
 * `fuzhu eval` over a population file (JSONL, CSV, and what else the population readers read),
 * or with `--out FILE`: households evaluated one by one as they are read, never all held, each
 * giving one row per period (per month of a year with `--monthly`) written to FILE as it comes;
 * the command prints a summary, not a table per household. Invalid records are reported as
 * `simulate` reports them, and the run fails on them unless --skip-invalid, leaving no file.
 */
import { grouped, ROWS, type Lang } from '../src/messages/index.js';
import {
  duplicateId,
  fastEngine,
  fenText,
  householdOf,
  keepRejection,
  monthsOf,
  payerLabel,
  provisionalFigures,
  readPopulation,
  recordId,
  RowColumns,
  scopeOf,
  scopeText,
  SeenIds,
  stoppedAt,
  type Household,
  type HouseholdRow,
  type Period,
  type Policy,
  type RawRecord,
  type Rejected,
} from '../src/index.js';
import { Failed } from './context.js';
import { householdsFrom } from './households.js';
import type { Io } from './output.js';
import { rejectionsAllowed } from './rejections.js';
import type { RowsAsked } from './rowsAsked.js';
import { openRowsOut, type RowsOut } from './rowsOut.js';

/** What the summary adds up, over every household evaluated. */
class Totals {
  households = 0;
  paid = 0;
  total = 0;
  readonly payers: number[];
  readonly provisional = new Set<string>();

  constructor(columns: RowColumns) {
    this.payers = columns.payers.map(() => 0);
  }

  add(rows: readonly HouseholdRow[]): void {
    this.households++;
    let paid = false;
    for (const { results } of rows) {
      const f = results[0]!;
      if (f.total !== 0) paid = true;
      this.total += f.total;
      f.payers.forEach((fen, i) => (this.payers[i]! += fen));
    }
    if (paid) this.paid++;
  }
}

const cny = (fen: number) => grouped(fenText(fen));

/** Evaluates the households asked for, writing their rows; prints the summary. */
export async function evalRows(io: Io, policy: Policy, asked: RowsAsked, period: Period, lang: Lang): Promise<number> {
  const months = monthsOf(period);
  const engine = fastEngine.prepare(policy, months[0]!, months[months.length - 1]!, { amountsOnly: true });
  const columns = new RowColumns([policy]);
  const totals = new Totals(columns);
  const rejections: Rejected[] = [];
  let rejected = 0;
  const out = asked.out === undefined ? undefined : await openRowsOut(asked.out, { columns, scenarios: [], period: true, months: period.kind === 'year' && !asked.monthly ? 12 : 1 }, lang, asked.bom);
  const evaluate = async (record: number, line: number, h: Household) => {
    let stretches;
    try {
      stretches = engine.evaluate(h);
    } catch (e) {
      throw stoppedAt(e, h.id, line);
    }
    for (const s of stretches) for (const l of s.evaluation.lines) if (l.provisional) totals.provisional.add(l.item);
    const rows = columns.periodRows(record, h, period, stretches, asked.monthly);
    totals.add(rows);
    await out?.write(rows);
  };
  try {
    if (asked.population) {
      const ids = new SeenIds();
      let record = 0;
      for await (const read of readPopulation(asked.source, policy, asked.reading)) {
        const rec: RawRecord & { record: number } = { ...read, record: ++record };
        const id = recordId(rec);
        const hh = id !== undefined && ids.add(id) ? { ok: false as const, rejected: duplicateId(rec, id) } : householdOf(policy, rec);
        if (hh.ok) await evaluate(rec.record, rec.line, hh.household);
        else {
          rejected++;
          keepRejection(rejections, hh.rejected);
        }
      }
    } else {
      let record = 0;
      for (const h of householdsFrom(io, policy, asked.source)) await evaluate(++record, 0, h);
    }
  } catch (e) {
    throw out ? await out.abort(e) : e;
  }
  if (!(await finished(io, asked, out, totals.households + rejected, rejected, rejections, lang))) return 1;
  io.out(summary(policy, columns, totals, rejected, out, asked, lang, months));
  return 0;
}

/** Puts the rows' file in place, or removes it when there is nothing to write or the records' faults fail the run. */
async function finished(io: Io, asked: RowsAsked, out: RowsOut | undefined, records: number, rejected: number, rejections: readonly Rejected[], lang: Lang): Promise<boolean> {
  const fail = records === 0 || !rejectionsAllowed(io, asked.source, rejected, rejections, asked.skipInvalid, lang);
  if (!fail) {
    await out?.close();
    return true;
  }
  if (records === 0) io.err(ROWS[lang].noHousehold(asked.source));
  if (out) await out.abort(new Failed());
  return false;
}

function summary(policy: Policy, columns: RowColumns, t: Totals, rejected: number, out: RowsOut | undefined, asked: RowsAsked, lang: Lang, months: readonly number[]): string {
  const w = ROWS[lang];
  const payers = columns.payers.flatMap((id, i) => (t.payers[i] ? [`${payerLabel(policy, id, lang)} ${cny(t.payers[i]!)}`] : [])).join(lang === 'zh' ? '，' : ', ');
  const lines = [w.summary(grouped(String(t.households)), grouped(String(t.paid)), cny(t.total), payers)];
  if (rejected) lines.push(w.skipped(grouped(String(rejected))));
  if (out) lines.push(w.written(grouped(String(out.rows)), asked.out!));
  lines.push(...scopeText(scopeOf(policy, provisionalFigures(policy, t.provisional, months[0]!, months[months.length - 1]!)), lang));
  return lines.join('\n');
}
