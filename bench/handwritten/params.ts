/**
 * The parameters of the Liuzhou 2018 scheme (policy/liuzhou-2018/parameters.yaml) and of the
 * reform scenario (policy/scenarios/reform-2019.yaml), as dated tables in integer fen, for the
 * hand-written benchmark program. A value holds from its date until the next one.
 */

/** Dated values, oldest first: [from yyyymmdd, value]. */
export type Dated<T> = readonly (readonly [number, T])[];

/** The allowance of one category: rate and the city's and county's shares of it, in fen. */
export interface Allowance {
  readonly rate: number;
  readonly city: number;
  readonly county: number;
}

export interface Parameters {
  readonly schemeStart: number;
  readonly minBirthDate: number;
  readonly minAge: number;
  readonly oneChildPeriodEnd: number;
  readonly maxDisabilityGrade: number;
  readonly death: Dated<Allowance>;
  readonly disability: Dated<Allowance>;
  /** Each county's one-off subsidy; a county missing from the map has not set it (unset). */
  readonly oneTimeSubsidy: Dated<ReadonlyMap<string, number>>;
  readonly medicalPremium: Dated<number>;
  readonly accidentPremium: Dated<number>;
  readonly accidentBoughtHigherUp: boolean;
  readonly healthCheckCost: Dated<number>;
  readonly healthCheckMinAge: number;
  readonly familyDoctorCap: Dated<number>;
  readonly pensionLowestTier: Dated<number>;
  readonly pensionAgeLimit: number;
  readonly elderlyMinAge: number;
  readonly homeCareCounties: ReadonlySet<string>;
  readonly homeCareCost: Dated<number>;
  readonly educationGrant: Dated<number>;
  readonly educationMonthly: Dated<number>;
  readonly funeralCost: Dated<number>;
}

/** The value of a dated table on a date (the scheme's tables all start by its first month). */
export function at<T>(table: Dated<T>, date: number): T {
  let v = table[0]![1];
  for (const [from, value] of table) if (from <= date) v = value;
  return v;
}

const START = 20180701;

export const BASELINE: Parameters = {
  schemeStart: START,
  minBirthDate: 19330101,
  minAge: 49,
  oneChildPeriodEnd: 20151231,
  maxDisabilityGrade: 4,
  death: [[START, { rate: 65000, city: 40000, county: 25000 }]],
  disability: [[START, { rate: 60000, city: 37500, county: 22500 }]],
  oneTimeSubsidy: [[START, new Map()]],
  medicalPremium: [
    [20180101, 22000],
    [20190101, 25000],
    [20200101, 28000],
    [20210101, 32000],
    [20220101, 35000],
    [20230101, 38000],
    [20240101, 40000],
  ],
  accidentPremium: [[START, 10000]],
  accidentBoughtHigherUp: false,
  healthCheckCost: [[START, 30000]],
  healthCheckMinAge: 60,
  familyDoctorCap: [[START, 20000]],
  pensionLowestTier: [[START, 10000]],
  pensionAgeLimit: 60,
  elderlyMinAge: 60,
  homeCareCounties: new Set(['450202', '450203', '450204', '450205', '450206']),
  homeCareCost: [[START, 240000]],
  educationGrant: [[START, 100000]],
  educationMonthly: [[START, 20000]],
  funeralCost: [[START, 150000]],
};

/** A category's allowance with the city paying a percentage (rounded half up to the fen), the county the rest. */
function cityPercent(rate: number, percent: number): Allowance {
  const city = Math.floor((rate * percent + 50) / 100);
  return { rate, city, county: rate - city };
}

/** reform-2019: 800 and 700 CNY from 2019-01-01, the city paying 60%. */
export const REFORM_2019: Parameters = {
  ...BASELINE,
  death: [...BASELINE.death, [20190101, cityPercent(80000, 60)]],
  disability: [...BASELINE.disability, [20190101, cityPercent(70000, 60)]],
};
