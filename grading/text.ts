/**
 * Text normalisation shared by the lexical similarity and keyword matching: NFKC (full-width forms, Hangul
 * compatibility jamo), lower case, punctuation to spaces, whitespace collapsed. Hangul syllables are kept
 * whole, so Korean compares syllable by syllable.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Characters that carry content (letters and digits). */
export function contentLength(text: string): number {
  return normalizeText(text).replace(/ /g, '').length;
}
