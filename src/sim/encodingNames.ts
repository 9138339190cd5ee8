/**
 * The encodings a CSV population may be in, by name: apart from the decoder (encoding.ts), so
 * that the library's types, which name them, need nothing of Node's streams.
 */

/** An encoding a population may be written in, by its WHATWG label (as TextDecoder takes it). */
export type PopulationEncoding = 'utf-8' | 'gbk' | 'gb18030';

/** The names `--encoding` takes. */
export const ENCODING_NAMES = ['utf8', 'gbk', 'gb18030'] as const;

/** The encoding a name gives (utf8 or utf-8, gbk, gb18030, in any case); undefined for another. */
export function encodingOf(name: string): PopulationEncoding | undefined {
  const n = name.trim().toLowerCase();
  if (n === 'utf8' || n === 'utf-8') return 'utf-8';
  return n === 'gbk' || n === 'gb18030' ? n : undefined;
}
