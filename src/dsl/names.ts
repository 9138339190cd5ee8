/**
 * Tables looked up by a name read from a file (a function, a constant, a type): without a
 * prototype, so that `toString` or `constructor` is an unknown name like any other.
 */
export function nameTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
