/** A value quoted in a message, cut short so that a huge value never floods the terminal. */

/** Longest part of a value a message quotes, in characters. */
export const MAX_QUOTED = 60;

/** The text itself when short, else its first `max` characters and an ellipsis with its length. */
export function excerpt(value: string, max = MAX_QUOTED): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… (${value.length} characters)`;
}
