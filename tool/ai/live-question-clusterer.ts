import type { Logger } from 'pino';
import { lexicalClusterer, type QuestionClusterer } from '../live/index.js';
import { CLUSTER_THRESHOLDS, type TextSimilarity } from './question-clustering.js';

/** The grading module's embedder as far as clustering needs it: its method and `similarities`. */
export interface ClusterEmbedder {
  readonly info: { method: string };
  similarities: TextSimilarity['similarities'];
}

/**
 * The live Q&A clusterer: a new question joins the group of its most similar recent question when the
 * sentence-embedding model scores them at least the embedding threshold. Without a model (the grading
 * embedder fell back to lexical), or if the model fails on a question, the live room's lexical clusterer
 * decides, so asking a question never fails because of clustering.
 */
export function liveQuestionClusterer(
  embedder: ClusterEmbedder,
  logger: Logger,
  threshold = CLUSTER_THRESHOLDS.default!,
): QuestionClusterer {
  const lexical = lexicalClusterer();
  if (embedder.info.method === 'lexical') return lexical;
  return {
    async assign(text, existing) {
      if (existing.length === 0) return null;
      let scores: number[];
      try {
        scores = await embedder.similarities(
          text,
          existing.map((c) => c.text),
        );
      } catch (err) {
        logger.warn({ err }, 'embedding a question failed; clustering it lexically');
        return lexical.assign(text, existing);
      }
      let best = -1;
      scores.forEach((score, i) => {
        if (score >= threshold && (best < 0 || score > scores[best]!)) best = i;
      });
      return best < 0 ? null : existing[best]!.cluster;
    },
  };
}
