/**
 * Households generated from a policy's input schema (not written by hand for one policy):
 * every record, field, enumeration and list of the schema, biased toward edge dates — 29
 * February, the first and last day of a month, birthdays that reach a threshold age in an
 * evaluated month (on its first, middle or last day, so that a death earlier in the month falls
 * before the birthday), deaths and other events in that month, and events a little after it (a
 * child who arrives, a disability certified later) — and kept only when the household reader
 * accepts them.
 */
import fc from 'fast-check';
import { dates, stripOptional, type CivilDate, type Type } from '../dsl/index.js';
import { readHousehold, type Household } from '../eval/index.js';
import type { FieldSpec, Policy } from '../policy/index.js';
import type { Hints } from './hints.js';

export interface Generated {
  /** The household as written in the exchange format (for YAML output and replay). */
  readonly raw: Record<string, unknown>;
  readonly household: Household;
  /** A month to evaluate. */
  readonly month: CivilDate;
}

const text = (d: CivilDate) => dates.formatDate(d);

/** Any real date in a range, with the edges of months and 29 February often. */
function dateIn(fromYear: number, toYear: number): fc.Arbitrary<CivilDate> {
  const year = fc.integer({ min: fromYear, max: toYear });
  const plain = fc.record({ y: year, m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) }).map(({ y, m, d }) => dates.ymd(y, m, Math.min(d, dates.daysInMonth(y, m))));
  const edge = fc.record({ y: year, m: fc.integer({ min: 1, max: 12 }), last: fc.boolean() }).map(({ y, m, last }) => dates.ymd(y, m, last ? dates.daysInMonth(y, m) : 1));
  const leap = year.map((y) => y - (y % 4)).filter((y) => dates.isLeapYear(y) && y >= fromYear).map((y) => dates.ymd(y, 2, 29));
  return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: edge }, { weight: 1, arbitrary: leap });
}

function fieldArbitrary(policy: Policy, f: FieldSpec | { type: Type; min?: number; max?: number; name: string }, hints: Hints, month: CivilDate, depth: number): fc.Arbitrary<unknown> {
  const t = stripOptional(f.type);
  switch (t.kind) {
    case 'date': {
      const threshold = hints.dates.length ? fc.constantFrom(...hints.dates) : dateIn(1930, 2030);
      // Days of the evaluated month: its first, a few inside, and its last.
      const days = [month, dates.addDays(month, 9), dates.addDays(month, 14), dates.addDays(dates.monthEnd(month), -1), dates.monthEnd(month)];
      // Birthdays that reach an age the policy tests in the evaluated month, to the day and beside it.
      const birthday = hints.ages.length
        ? fc.record({ age: fc.constantFrom(...hints.ages), shift: fc.constantFrom(-1, 0, 1), day: fc.constantFrom(...days) }).map(({ age, shift, day }) => dates.addDays(dates.addMonths(day, -12 * age), shift))
        : dateIn(1930, 2000);
      const inMonth = fc.constantFrom(...days);
      // Events after the evaluated month (a child who arrives, a certificate issued or lapsing later).
      const later = fc.record({ months: fc.constantFrom(1, 2, 6, 12, 30), day: fc.constantFrom(...days) }).map(({ months, day }) => dates.addMonths(day, months));
      return fc
        .oneof({ weight: 3, arbitrary: dateIn(1925, 2030) }, { weight: 2, arbitrary: threshold }, { weight: 2, arbitrary: birthday }, { weight: 2, arbitrary: inMonth }, { weight: 1, arbitrary: later })
        .map(text);
    }
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: f.min ?? 0, max: f.max ?? 10 });
    case 'money':
      return fc.oneof(hints.amounts.length ? fc.constantFrom(...hints.amounts) : fc.constant(0), fc.integer({ min: 0, max: 1000 }));
    case 'decimal':
      return fc.constant(1);
    case 'string':
      return fc.constant('GEN-1');
    case 'enum':
      return fc.constantFrom(...t.values);
    case 'list':
      if (t.of.kind === 'enum') return fc.subarray([...t.of.values]);
      if (t.of.kind === 'record') return depth > 3 ? fc.constant([]) : fc.array(recordArbitrary(policy, t.of.name, hints, month, depth + 1), { maxLength: 3 });
      return fc.constant([]);
    case 'record':
      return depth > 3 ? fc.constant(undefined) : recordArbitrary(policy, t.name, hints, month, depth + 1);
    default:
      return fc.constant(undefined);
  }
}

function recordArbitrary(policy: Policy, name: string, hints: Hints, month: CivilDate, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = policy.household.records.get(name)?.fields ?? [];
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) {
    const value = fieldArbitrary(policy, f, hints, month, depth);
    // Optional fields (and those with a default) are often left out, as analysts leave them.
    parts[f.name] = f.required ? value : fc.option(value, { nil: undefined, freq: 2 });
  }
  return fc.record(parts).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

/** Paths of the date fields of a household written as data. */
function datePaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => datePaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => datePaths(x, [...path, k]));
  return [];
}

function withValue(v: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? withValue(x, rest, value) : x));
  return { ...(v as Record<string, unknown>), [head!]: withValue((v as Record<string, unknown>)[head!], rest, value) };
}

/**
 * Households of the policy's own tests, with one or two of their dates moved onto a threshold:
 * they start where the rules are interesting (someone eligible) and probe its edges.
 */
function mutatedCorpus(policy: Policy, corpus: readonly Record<string, unknown>[], hints: Hints, month: CivilDate): fc.Arbitrary<Record<string, unknown>> {
  const date = fieldArbitrary(policy, { type: { kind: 'date' }, name: 'date' }, hints, month, 0) as fc.Arbitrary<string>;
  return fc.constantFrom(...corpus).chain((raw) => {
    const paths = datePaths(raw);
    if (!paths.length) return fc.constant(raw);
    return fc.array(fc.tuple(fc.constantFrom(...paths), date), { maxLength: 2 }).map((changes) => changes.reduce<Record<string, unknown>>((acc, [p, d]) => withValue(acc, p, d) as Record<string, unknown>, raw));
  });
}

/**
 * The month to evaluate a household in: often the month of one of its own dates, or the month
 * before or after (a death, an arrival, a certificate), among the months worth evaluating.
 */
function monthNear(raw: Record<string, unknown>, month: CivilDate, months: readonly CivilDate[]): fc.Arbitrary<CivilDate> {
  const first = months[0]!;
  const near = datePaths(raw)
    .map((p) => dates.parseDate(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], raw) as string))
    .flatMap((d) => (d === undefined ? [] : [-1, 0, 1].map((m) => dates.monthStart(dates.addMonths(d, m)))))
    .filter((m) => m >= first);
  return near.length ? fc.oneof(fc.constant(month), fc.constantFrom(...near)) : fc.constant(month);
}

/**
 * Valid households of a policy's schema with a month to evaluate them in; with a corpus (the
 * households of the policy's tests), two in three start from one of those, evaluated as often
 * in a month of one of their own dates as in a month of the hints.
 */
export function householdArbitrary(policy: Policy, hints: Hints, corpus: readonly Record<string, unknown>[] = []): fc.Arbitrary<Generated> {
  const months = hints.months.length ? hints.months : [dates.ymd(2019, 1, 1)];
  const fromSchema = (month: CivilDate) => recordArbitrary(policy, policy.household.root, hints, month, 0);
  return fc
    .constantFrom(...months)
    .chain((month) =>
      (corpus.length ? fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: fromSchema(month) }, { weight: 2, arbitrary: mutatedCorpus(policy, corpus, hints, month) }) : fromSchema(month)).chain((raw) =>
        monthNear(raw, month, months).map((at): { raw: Record<string, unknown>; month: CivilDate } => ({ raw: { ...raw, id: 'GEN-1' }, month: at })),
      ),
    )
    .map(({ raw, month }): Generated | undefined => {
      const r = readHousehold(policy, raw);
      return r.ok ? { raw, household: r.household, month } : undefined;
    })
    .filter((g): g is Generated => g !== undefined);
}
