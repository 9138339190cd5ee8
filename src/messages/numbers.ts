/**
 * Numbers as people read them: thousands separators, amounts in 万元, change in percent. Only
 * for text, Markdown and HTML; JSON and CSV keep the exact plain figures (`1234567.00`).
 */
import { Decimal } from 'decimal.js';

/** The integer part of each figure with four digits or more (not the decimals, not part of a longer number). */
const INTEGER_PART = /(?<![\d.])(\d{4,})(?=\.\d|(?![\d]))/g;

/** A plain figure (or a text of them, `650.00 [600.00 – 700.00]`) with thousands separators. */
export function grouped(text: string): string {
  return text.replace(INTEGER_PART, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
}

/** 万元 (ten thousand yuan), rounded half-up to two decimals: the unit of Chinese budget tables. */
export function inWan(amount: Decimal): string {
  return grouped(amount.div(10_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
}

/**
 * The change from `before` to `after` in percent, signed, rounded half-up to one decimal; empty
 * when `before` is zero (a change from nothing has no percentage).
 */
export function percentChange(before: Decimal, after: Decimal): string {
  if (before.isZero()) return '';
  const p = after.minus(before).div(before.abs()).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
  return `${p.isPositive() && !p.isZero() ? '+' : ''}${p.isZero() ? '0.0' : p.toFixed(1)}%`;
}
