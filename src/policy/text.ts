/**
 * The texts of a policy that a user reads (a rule's description, an interpretation's reasoning,
 * source and alternatives, what a property protects): written `{ zh, en }`, or in the older form
 * as one string, which is kept as the English and shown in both languages.
 */
import type { Label } from './model.js';

/** A text as the policy file writes it, as the model keeps it. */
export function textOf(raw: string | Partial<Label>): Partial<Label> {
  return typeof raw === 'string' ? { en: raw } : raw;
}

/** The text in `lang`, else in the other language, else empty. */
export function inLanguage(text: Partial<Label> | undefined, lang: keyof Label): string {
  return text?.[lang] ?? text?.en ?? text?.zh ?? '';
}
