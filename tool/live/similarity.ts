/** Lower-cased letters and digits only, whitespace collapsed: what lexical comparison looks at. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function ngrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${normalizeForMatch(text)} `;
  for (const n of [2, 3]) {
    for (let i = 0; i + n <= padded.length; i++) {
      const gram = padded.slice(i, i + n);
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  return grams;
}

/**
 * Cosine similarity of character 2–3-gram counts (0–1). Needs no tokenizer, so it works for Korean as well as
 * English; OFFLINE.md measured it ranking paraphrases above unrelated text.
 */
export function textSimilarity(a: string, b: string): number {
  const x = ngrams(a);
  const y = ngrams(b);
  let dot = 0;
  for (const [gram, count] of x) dot += count * (y.get(gram) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, c) => s + c * c, 0));
  const denominator = norm(x) * norm(y);
  return denominator === 0 ? 0 : dot / denominator;
}
