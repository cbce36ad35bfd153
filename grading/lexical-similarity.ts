import { normalizeText } from './text.js';

const GRAM_SIZES = [2, 3] as const;

/** Counts of character 2- and 3-grams over the normalised text (spaces included, so word joins count). */
export function characterNgrams(text: string): Map<string, number> {
  const chars = Array.from(` ${normalizeText(text)} `);
  const grams = new Map<string, number>();
  for (const n of GRAM_SIZES) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram.trim() === '') continue;
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  return grams;
}

/** Cosine similarity of two sparse count vectors; 0 when either is empty. */
export function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [gram, count] of a) {
    normA += count * count;
    const other = b.get(gram);
    if (other !== undefined) dot += count * other;
  }
  for (const count of b.values()) normB += count * count;
  if (normA === 0 || normB === 0) return 0;
  return Math.min(1, dot / Math.sqrt(normA * normB));
}

/**
 * Similarity that needs no model or tokenizer and works for Korean as well as English. It sees shared
 * spelling, not meaning, so its grades are always sent for review.
 */
export function lexicalSimilarity(a: string, b: string): number {
  return sparseCosine(characterNgrams(a), characterNgrams(b));
}
