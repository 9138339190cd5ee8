/**
 * What the hand-written benchmark program pays and who pays it, as small integer indexes for
 * dense arrays: the eleven items of the Liuzhou scheme, the payers (the city, then the ten
 * counties and districts), and the categories.
 */

export const COUNTIES = ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '450226'] as const;

/** The Chinese names a record may give instead of a code (household.yaml, `spellings: zh`). */
const COUNTY_NAMES: ReadonlyMap<string, string> = new Map([
  ['城中区', '450202'], ['鱼峰区', '450203'], ['柳南区', '450204'], ['柳北区', '450205'], ['柳江区', '450206'],
  ['柳城县', '450222'], ['鹿寨县', '450223'], ['融安县', '450224'], ['融水苗族自治县', '450225'], ['三江侗族自治县', '450226'],
  ['柳州市外', 'outside'],
]);

/** A county as its code, whether the record gives the code or the Chinese name. */
export function countyCode(text: string): string {
  return COUNTY_NAMES.get(text) ?? text;
}

export const CITY = 0;
export const PAYERS = COUNTIES.length + 1;

/** The payer index of a county's budget, or -1 for a code outside Liuzhou. */
export function countyPayer(code: string): number {
  const i = (COUNTIES as readonly string[]).indexOf(code);
  return i < 0 ? -1 : i + 1;
}

export function payerId(payer: number): string {
  return payer === CITY ? 'city' : `county:${COUNTIES[payer - 1]}`;
}

export interface ItemInfo {
  readonly id: string;
  readonly monthly: boolean;
  /** Rests on a provisional figure (parameters.yaml marks the figure provisional). */
  readonly provisional: boolean;
}

export const ITEMS: readonly ItemInfo[] = [
  { id: 'allowance', monthly: true, provisional: false },
  { id: 'one_time_subsidy', monthly: false, provisional: false },
  { id: 'medical_premium', monthly: false, provisional: true },
  { id: 'accident_insurance', monthly: false, provisional: true },
  { id: 'health_check', monthly: false, provisional: true },
  { id: 'family_doctor', monthly: false, provisional: false },
  { id: 'pension_subsidy', monthly: false, provisional: true },
  { id: 'home_care', monthly: false, provisional: true },
  { id: 'education_grant', monthly: false, provisional: false },
  { id: 'education_allowance', monthly: true, provisional: false },
  { id: 'funeral_waiver', monthly: false, provisional: true },
];

export const [ALLOWANCE, ONE_TIME_SUBSIDY, MEDICAL_PREMIUM, ACCIDENT_INSURANCE, HEALTH_CHECK, FAMILY_DOCTOR, PENSION_SUBSIDY, HOME_CARE, EDUCATION_GRANT, EDUCATION_ALLOWANCE, FUNERAL_WAIVER] = ITEMS.map((_, i) => i) as number[];

export const CATEGORIES = ['death', 'disability', 'none'] as const;
export const DEATH = 0;
export const DISABILITY = 1;
export const NO_CATEGORY = 2;

/** The role of a household item's line (a person's line has WIFE or HUSBAND). */
export const HOUSEHOLD = 2;
