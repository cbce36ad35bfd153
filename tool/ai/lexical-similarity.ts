/** Lowercased, NFKC-normalised text with punctuation and spacing removed: what character n-grams look at. */
function compact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Counts of character 2- and 3-grams; works for Hangul without a tokenizer. */
export function characterNgrams(text: string): Map<string, number> {
  const chars = [...compact(text)];
  const grams = new Map<string, number>();
  for (const n of [2, 3]) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  if (grams.size === 0 && chars.length > 0) grams.set(chars.join(''), 1);
  return grams;
}

export function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [gram, count] of a) dot += count * (b.get(gram) ?? 0);
  if (dot === 0) return 0;
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, v) => s + v * v, 0));
  return dot / (norm(a) * norm(b));
}

/** Cosine over character 2–3-grams, in [0, 1]. */
export function lexicalSimilarity(a: string, b: string): number {
  return sparseCosine(characterNgrams(a), characterNgrams(b));
}
