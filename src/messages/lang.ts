/** The two languages every label and message comes in. */

export type Lang = 'zh' | 'en';

export const LANGS: readonly Lang[] = ['zh', 'en'];

/**
 * A set of messages in both languages: the Chinese must have every key the English has, with
 * the same shape (a function takes the same arguments), so that no message is missing in one.
 */
export type Messages<T> = { readonly en: T; readonly zh: T };

/** Declares a catalogue section; the type check makes zh and en agree. */
export function messages<T>(en: T, zh: NoInfer<T>): Messages<T> {
  return { en, zh };
}

/**
 * The language a locale string names (`zh_CN.UTF-8`, `en-GB`), or undefined for one that names
 * none (`C`, `POSIX`, `C.UTF-8`, empty) or another language.
 */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  const m = /^([a-z]{2,3})(?:[_.@-]|$)/i.exec(locale ?? '');
  const code = m?.[1]?.toLowerCase();
  return code === 'zh' || code === 'en' ? code : undefined;
}
