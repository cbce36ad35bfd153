import { lexicalSimilarity } from '../../grading/index.js';

/**
 * Similarity of one text to several others, in [0, 1]. The grading module's `Embedder.similarities` has this
 * exact shape, so its sentence-embedding model plugs in here unchanged.
 */
export interface TextSimilarity {
  readonly method: string;
  similarities(reference: string, texts: string[]): Promise<number[]>;
}

export const lexicalTextSimilarity: TextSimilarity = {
  method: 'lexical',
  async similarities(reference, texts) {
    return texts.map((text) => lexicalSimilarity(reference, text));
  },
};

/**
 * Turns a vector embedding function (e.g. OpenAI `embeddings`) into a TextSimilarity by cosine. Vectors are
 * cached per text, so clustering n questions costs one embedding request, not n.
 */
export function embeddingSimilarity(method: string, embed: (texts: string[]) => Promise<number[][]>): TextSimilarity {
  const cache = new Map<string, number[]>();
  return {
    method,
    async similarities(reference, texts) {
      const missing = [...new Set([reference, ...texts])].filter((t) => !cache.has(t));
      if (missing.length > 0) {
        const vectors = await embed(missing);
        missing.forEach((text, i) => cache.set(text, vectors[i]!));
      }
      const ref = cache.get(reference)!;
      return texts.map((text) => Math.max(0, cosine(ref, cache.get(text)!)));
    },
  };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * (b[i] ?? 0);
    na += a[i]! * a[i]!;
    nb += (b[i] ?? 0) * (b[i] ?? 0);
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface ClusterableQuestion {
  id: string;
  text: string;
  upvotes?: number;
}

export interface QuestionCluster {
  /** The question shown for the whole cluster: the most upvoted, then the most central. */
  representative: ClusterableQuestion;
  questionIds: string[];
  size: number;
}

/** Lexical scores run lower than embedding scores for the same pair, so each method has its own threshold. */
export const CLUSTER_THRESHOLDS: Record<string, number> = { lexical: 0.45, default: 0.78 };

export interface ClusterOptions {
  similarity?: TextSimilarity;
  threshold?: number;
}

/**
 * Average-link agglomeration over the full pairwise matrix (a seminar has tens of questions, not thousands):
 * the two closest clusters merge while their mean pairwise similarity reaches the threshold.
 */
export async function clusterQuestions(
  questions: readonly ClusterableQuestion[],
  options: ClusterOptions = {},
): Promise<{ method: string; clusters: QuestionCluster[] }> {
  const similarity = options.similarity ?? lexicalTextSimilarity;
  const threshold = options.threshold ?? CLUSTER_THRESHOLDS[similarity.method] ?? CLUSTER_THRESHOLDS.default!;
  const n = questions.length;
  const matrix: number[][] = [];
  for (let i = 0; i < n; i++) {
    matrix.push(
      await similarity.similarities(
        questions[i]!.text,
        questions.map((q) => q.text),
      ),
    );
  }
  const sim = (i: number, j: number) => (matrix[i]![j]! + matrix[j]![i]!) / 2;

  let groups = questions.map((_, i) => [i]);
  for (;;) {
    let best = { a: -1, b: -1, score: -1 };
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const pairs = groups[a]!.flatMap((i) => groups[b]!.map((j) => sim(i, j)));
        const score = pairs.reduce((s, v) => s + v, 0) / pairs.length;
        if (score > best.score) best = { a, b, score };
      }
    }
    if (best.a < 0 || best.score < threshold) break;
    groups = groups.map((g, k) => (k === best.a ? [...g, ...groups[best.b]!] : g)).filter((_, k) => k !== best.b);
  }

  const clusters = groups.map((members) => {
    const centrality = (i: number) => members.reduce((s, j) => s + (i === j ? 0 : sim(i, j)), 0);
    const rep = [...members].sort(
      (x, y) => (questions[y]!.upvotes ?? 0) - (questions[x]!.upvotes ?? 0) || centrality(y) - centrality(x) || x - y,
    )[0]!;
    return { representative: questions[rep]!, questionIds: members.map((i) => questions[i]!.id), size: members.length };
  });
  clusters.sort((x, y) => y.size - x.size);
  return { method: similarity.method, clusters };
}
