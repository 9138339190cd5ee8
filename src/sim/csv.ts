/**
 * CSV rows as households: one row per household, flattened column names (`hukou.county`,
 * `wife.birth_date`, `children.0.death_date`); an empty cell is an absent field; a list of
 * values (`wife.chronic`) is written with `;` between them.
 */

/** Splits one CSV record (RFC 4180 quoting) into cells; undefined when a quote is left open. */
export function splitCsvLine(line: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

/** Fields whose CSV cell is a `;`-separated list, by their path with list indexes removed. */
export type ListFields = ReadonlySet<string>;

/** A column name that cannot name a field: one that would reach an object's prototype. */
export function unsafeColumn(column: string): boolean {
  return column.split('.').some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype' || p === '');
}

/**
 * Rebuilds a household object from a header and a row of cells; a string says why it cannot
 * (two columns that make the same field both a value and a record, such as `hukou` and
 * `hukou.county`).
 */
export function unflatten(header: readonly string[], cells: readonly string[], lists: ListFields): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) {
    const column = header[i]!;
    const cell = (cells[i] ?? '').trim();
    if (cell === '') continue;
    const path = column.split('.');
    let node: Record<string, unknown> | unknown[] = out;
    for (let j = 0; j < path.length - 1; j++) {
      const key = path[j]!;
      const nextIsIndex = /^\d+$/.test(path[j + 1]!);
      const slot = (node as Record<string, unknown>)[key];
      if (slot === undefined) (node as Record<string, unknown>)[key] = nextIsIndex ? [] : {};
      else if (typeof slot !== 'object' || slot === null) return `the column ${column} and the column ${path.slice(0, j + 1).join('.')} both give ${path.slice(0, j + 1).join('.')}`;
      node = (node as Record<string, unknown>)[key] as Record<string, unknown> | unknown[];
    }
    const leaf = path[path.length - 1]!;
    const generic = path.filter((p) => !/^\d+$/.test(p)).join('.');
    if ((node as Record<string, unknown>)[leaf] !== undefined && typeof (node as Record<string, unknown>)[leaf] === 'object') return `the column ${column} gives a value where other columns give a record`;
    (node as Record<string, unknown>)[leaf] = lists.has(generic) ? cell.split(';').map((s) => s.trim()).filter(Boolean) : cell;
  }
  // Sparse child indexes (children.0 and children.2 only) become a dense list.
  if (Array.isArray(out.children)) out.children = (out.children as unknown[]).filter((c) => c !== undefined);
  return out;
}
