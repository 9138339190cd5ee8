/** A value quoted in a message, cut short so that a huge value never floods the terminal. */

/** Longest part of a value a message quotes, in characters. */
export const MAX_QUOTED = 60;

/** The value itself when short, else its first characters and an ellipsis with its length. */
export function excerpt(value: string): string {
  if (value.length <= MAX_QUOTED) return value;
  return `${value.slice(0, MAX_QUOTED)}… (${value.length} characters)`;
}
