/** The formats a population file may have, told by its name. */
export type PopulationFormat = 'jsonl' | 'csv' | 'json' | 'yaml' | 'xlsx';

export function formatOf(path: string): PopulationFormat | undefined {
  if (/\.jsonl$|\.ndjson$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.xlsx$/i.test(path)) return 'xlsx';
  return undefined;
}
