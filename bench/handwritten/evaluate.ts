/**
 * The Liuzhou 2018 scheme for one household, month by month, as a plain program: who is
 * eligible (二), the category, and the eleven items (三) with their payers, in integer fen,
 * under the default interpretations of shared/contracts/evaluation.md. Lines go to a sink.
 */
import { addYears, age, monthEnd, monthOf, nextMonth, NO_DATE } from './dates.js';
import { HUSBAND, WIFE, type Child, type Household, type Person } from './household.js';
import { at, type Parameters } from './params.js';
import * as P from './payers.js';

export interface Sink {
  /** One line, borne by one or two payers (payerB is -1 when there is one). */
  line(item: number, role: number, year: number, category: number, payerA: number, fenA: number, payerB: number, fenB: number): void;
  /** A month of the range: the persons eligible, and the category (NO_CATEGORY when nobody is). */
  month(eligible: number, category: number): void;
  /** An item due whose amount is not set (reported, not counted). */
  unset(item: number): void;
}

export function judgedOn(p: Person, start: number, end: number): number {
  return p.death !== NO_DATE && p.death >= start && p.death < end ? p.death : end;
}

export function aliveAtStart(p: Person, start: number, end: number): boolean {
  return p.birth <= end && (p.death === NO_DATE || p.death >= start);
}

export function disabledOn(c: Child, day: number, maxGrade: number): boolean {
  return c.grade !== 0 && c.grade <= maxGrade && (c.certified === NO_DATE || c.certified <= day) && (c.ended === NO_DATE || c.ended > day);
}

/** Exactly one child of the spouse's has arrived by the day, in the one-child period. */
function oneChildFor(h: Household, role: number, day: number, periodEnd: number): boolean {
  const counts = h.countsFor[role]!;
  let n = 0;
  for (let i = 0; i < h.children.length; i++) {
    const c = h.children[i]!;
    if (!counts[i] || c.arrival > day) continue;
    if (c.arrival > periodEnd) return false;
    n++;
  }
  return n === 1;
}

function childQualifiesFor(h: Household, role: number, day: number, maxGrade: number): boolean {
  const counts = h.countsFor[role]!;
  for (let i = 0; i < h.children.length; i++) {
    const c = h.children[i]!;
    if (counts[i] && c.arrival <= day && ((c.death !== NO_DATE && c.death <= day) || disabledOn(c, day, maxGrade))) return true;
  }
  return false;
}

function wifeIsMother(h: Household): boolean {
  return h.spouses[WIFE] !== undefined && h.hasOwnChild[WIFE];
}

/** The month (yyyymm) the family first met every condition: the month of the one-off subsidy. */
export function qualifyingMonth(h: Household, prm: Parameters): number {
  let event = NO_DATE;
  let uncertified = false;
  let firstCertified = NO_DATE;
  let certifiedSeen = false;
  let firstDeath = NO_DATE;
  for (const c of h.children) {
    if (c.grade !== 0) {
      if (c.certified === NO_DATE) uncertified = true;
      else if (!certifiedSeen) firstCertified = c.certified;
      certifiedSeen = true;
    }
    if (c.death !== NO_DATE && firstDeath === NO_DATE) firstDeath = c.death;
  }
  event = uncertified ? 19000101 : certifiedSeen ? firstCertified : firstDeath !== NO_DATE ? firstDeath : 19000101;
  const never = 99991231;
  const wife = h.spouses[WIFE];
  const husband = h.spouses[HUSBAND];
  const mother = wifeIsMother(h);
  let fromWife = never;
  if (wife && mother) {
    const reached = addYears(wife.birth, prm.minAge);
    const day = Math.max(event, reached);
    if (wife.death === NO_DATE || (reached <= wife.death && day <= monthEnd(monthOf(wife.death)))) fromWife = day;
  }
  let fromHusband = never;
  if (husband && !(mother && wife!.death === NO_DATE)) {
    const own = Math.max(event, addYears(husband.birth, prm.minAge));
    fromHusband = mother ? Math.max(own, nextMonth(monthOf(wife!.death)) * 100 + 1) : own;
  }
  return monthOf(Math.min(fromWife, fromHusband));
}

/** Yearly items already paid this year to each spouse, as bit masks. */
const due = [0, 0];

/**
 * Evaluates every month from January of `from`'s year to `to` (yyyymm); lines of months before
 * `from` are not reported, but a yearly item paid in them is not due again that year.
 */
export function evaluateHousehold(h: Household, prm: Parameters, from: number, to: number, sink: Sink): void {
  const qualifying = qualifyingMonth(h, prm);
  const wife = h.spouses[WIFE];
  const husband = h.spouses[HUSBAND];
  const countyPayer = P.countyPayer(h.county);
  const checkPayer = P.countyPayer(h.residence === 'outside' ? h.county : h.residence);
  const registered = h.county !== 'outside';
  const mother = wifeIsMother(h);
  const urbanDistrict = prm.homeCareCounties.has(h.county);
  let admitted = NO_DATE;
  let graduates = NO_DATE;
  for (const c of h.children) {
    if (c.admitted !== NO_DATE) {
      admitted = c.admitted;
      graduates = c.graduates;
      break;
    }
  }
  const eligible = [false, false];
  for (let month = Math.floor(from / 100) * 100 + 1; month <= to; month = nextMonth(month)) {
    if (month % 100 === 1) due[0] = due[1] = 0;
    const start = month * 100 + 1;
    const end = monthEnd(month);
    if (end < prm.schemeStart) continue;
    const report = month >= from;
    const year = Math.floor(month / 100);
    const jWife = wife ? judgedOn(wife, start, end) : 0;
    const jHusband = husband ? judgedOn(husband, start, end) : 0;
    // The category (二（四）), judged on the month's last day.
    let category = P.NO_CATEGORY;
    if (registered && ((wife && oneChildFor(h, WIFE, jWife, prm.oneChildPeriodEnd)) || (husband && oneChildFor(h, HUSBAND, jHusband, prm.oneChildPeriodEnd)))) {
      let died = false;
      let disabled = false;
      for (const c of h.children) {
        if (c.death !== NO_DATE && c.death <= end) died = true;
        else if (disabledOn(c, end, prm.maxDisabilityGrade)) disabled = true;
      }
      category = died ? P.DEATH : disabled ? P.DISABILITY : P.NO_CATEGORY;
    }
    // Each spouse (二): the wife's age decides while she is alive at the month's start.
    let eligibleCount = 0;
    for (let role = WIFE; role <= HUSBAND; role++) {
      const p = h.spouses[role];
      eligible[role] = false;
      if (!p || category === P.NO_CATEGORY || !aliveAtStart(p, start, end) || p.birth < prm.minBirthDate) continue;
      const judged = role === WIFE ? jWife : jHusband;
      let deciding: Person = p;
      let decidingJudged = judged;
      if (wife && mother && aliveAtStart(wife, start, end)) {
        deciding = wife;
        decidingJudged = jWife;
      } else if (husband && aliveAtStart(husband, start, end) && !h.hasOwnChild[role]) {
        deciding = husband;
        decidingJudged = jHusband;
      }
      if (age(deciding.birth, Math.min(judged, decidingJudged)) < prm.minAge) continue;
      if (!oneChildFor(h, role, judged, prm.oneChildPeriodEnd) || !childQualifiesFor(h, role, judged, prm.maxDisabilityGrade)) continue;
      eligible[role] = true;
      eligibleCount++;
    }
    if (!report && eligibleCount === 0) continue;
    const lineCategory = eligibleCount ? category : P.NO_CATEGORY;
    if (report) sink.month(eligibleCount, lineCategory);
    const line = (item: number, role: number, payerA: number, fenA: number, payerB = -1, fenB = 0) => {
      if (report && fenA + fenB > 0) sink.line(item, role, year, lineCategory, payerA, fenA, payerB, fenB);
    };
    if (eligibleCount === 0) continue;
    const allowance = at(category === P.DEATH ? prm.death : prm.disability, end);
    for (let role = WIFE; role <= HUSBAND; role++) {
      if (!eligible[role]) continue;
      const p = h.spouses[role]!;
      line(P.ALLOWANCE, role, P.CITY, allowance.city, countyPayer, allowance.county);
      const yearly = (item: number, holds: boolean, payer: number, fen: number) => {
        const bit = 1 << item;
        if (!holds || due[role]! & bit) return;
        due[role]! |= bit;
        line(item, role, payer, fen);
      };
      const ageNow = age(p.birth, role === WIFE ? jWife : jHusband);
      yearly(P.MEDICAL_PREMIUM, h.rural && p.medicalInsurance, countyPayer, at(prm.medicalPremium, end));
      yearly(P.ACCIDENT_INSURANCE, !prm.accidentBoughtHigherUp, countyPayer, at(prm.accidentPremium, end));
      yearly(P.HEALTH_CHECK, ageNow >= prm.healthCheckMinAge || p.listedChronic, checkPayer, at(prm.healthCheckCost, end));
      yearly(P.FAMILY_DOCTOR, p.doctorPackage >= 0, P.CITY, Math.min(p.doctorPackage, at(prm.familyDoctorCap, end)));
      yearly(P.PENSION_SUBSIDY, h.rural && p.pensionContributor && ageNow < prm.pensionAgeLimit, countyPayer, at(prm.pensionLowestTier, end));
      yearly(P.HOME_CARE, urbanDistrict && ageNow >= prm.elderlyMinAge && p.needsCare, P.CITY, at(prm.homeCareCost, end));
      // 三（八）2: a recipient who dies this month (a recipient at death is an eligible person here).
      if (monthOf(p.death) === month) line(P.FUNERAL_WAIVER, role, countyPayer, at(prm.funeralCost, end));
    }
    if (qualifying === month) {
      const amount = at(prm.oneTimeSubsidy, end).get(h.county);
      if (amount === undefined) {
        if (report) sink.unset(P.ONE_TIME_SUBSIDY);
      } else line(P.ONE_TIME_SUBSIDY, P.HOUSEHOLD, countyPayer, amount);
    }
    if (category === P.DISABILITY && admitted !== NO_DATE) {
      if (monthOf(admitted) === month) line(P.EDUCATION_GRANT, P.HOUSEHOLD, countyPayer, at(prm.educationGrant, end));
      if (admitted <= end && graduates >= start) line(P.EDUCATION_ALLOWANCE, P.HOUSEHOLD, countyPayer, at(prm.educationMonthly, end));
    }
  }
}
