/**
 * Short-answer grading speed: embedding model load time, per-answer latency (one answer per call, as a
 * submission is graded) and a batch of 50 answers to one question (one embedder call). Goal: ≤ 20 ms per
 * answer and 50 answers in < 1 s on this CPU.
 *
 * Uses MODELS_DIR/EMBEDDING_MODEL when that folder exists (a real model put there by an operator).
 * Otherwise it generates into a temporary directory (a) the tiny test model — pipeline overhead only — and
 * (b) random-weight encoders of the MiniLM-L12 size, fp32 and int8, whose compute per token is that of the
 * real model. The lexical fallback is measured too. Lines carry the 1-minute load average and the process's
 * CPU time (`cpu_ms`, all threads), since this machine is shared.
 *
 *   npx tsx bench/grading.ts
 */
import { report } from './support/report.js';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  gradeShortAnswers,
  LexicalEmbedder,
  TransformersEmbedder,
  type Embedder,
  type Question,
  type TransformersOptions,
} from '../grading/index.js';
import { makeTestEmbeddingModel, MINILM_L12_SHAPE, TEST_MODEL_NAME } from '../scripts/make-test-embedding-model.js';
import { SHORT_ANSWER_CASES } from '../test/support/short-answers.js';

const BATCH = 50;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** 50 distinct answers per case: the fixed answers with numbered variations so no two texts repeat. */
function answersFor(index: number): string[] {
  const c = SHORT_ANSWER_CASES[index]!;
  const kinds = Object.values(c.answers).filter((a) => a.trim() !== '');
  return Array.from({ length: BATCH }, (_, i) => `${kinds[i % kinds.length]} (${i})`);
}

function questionFor(index: number): Extract<Question, { type: 'short_answer' }> {
  const c = SHORT_ANSWER_CASES[index]!;
  return {
    type: 'short_answer',
    question_text: c.question,
    points: 10,
    model_answer: c.modelAnswer,
    keywords: c.keywords,
  };
}

/** CPU time this process spent since `since` (all threads): what the work costs without contention. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 100) / 10;
};
const load1 = () => Math.round(os.loadavg()[0]! * 10) / 10;

async function measure(embedder: Embedder, labels: Record<string, unknown>, cases: number[]): Promise<void> {
  for (const index of cases) {
    const c = SHORT_ANSWER_CASES[index]!;
    const question = questionFor(index);
    const answers = answersFor(index);
    await gradeShortAnswers(embedder, question, [answers[0]!]);

    const latencies: number[] = [];
    const sequentialCpu = process.cpuUsage();
    for (const answer of answers) {
      const started = performance.now();
      await gradeShortAnswers(embedder, question, [answer]);
      latencies.push(performance.now() - started);
    }
    const sequentialCpuMs = cpuMs(sequentialCpu);
    latencies.sort((a, b) => a - b);
    const tags = { ...labels, language: c.language, case: index, load1: load1() };
    const total = latencies.reduce((a, b) => a + b, 0);
    report('grading.short_answer.per_answer.mean', total / latencies.length, 'ms', tags);
    report('grading.short_answer.per_answer.p95', percentile(latencies, 0.95), 'ms', tags);
    report('grading.short_answer.sequential_50', total, 'ms', { ...tags, cpu_ms: sequentialCpuMs });

    const started = performance.now();
    const batchCpu = process.cpuUsage();
    await gradeShortAnswers(embedder, question, answers);
    const wall = performance.now() - started;
    report('grading.short_answer.batch_50', wall, 'ms', { ...tags, cpu_ms: cpuMs(batchCpu), load1: load1() });
  }
}

async function loadAndMeasure(options: TransformersOptions, labels: Record<string, unknown>, cases: number[]) {
  const embedder = await TransformersEmbedder.load(options);
  const tags = { method: 'transformers', model: options.model, quantized: options.quantized, ...labels };
  report('grading.embedding_model.load', embedder.info.loadMs ?? 0, 'ms', { ...tags, load1: load1() });
  await measure(embedder, { ...tags, dimensions: embedder.info.dimensions }, cases);
}

/** English words of the fixed answers: the size-only model then tokenises English about one token per word. */
function englishWords(): string[] {
  const texts = SHORT_ANSWER_CASES.filter((c) => c.language === 'en').flatMap((c) => [
    c.modelAnswer,
    ...Object.values(c.answers),
  ]);
  return texts.join(' ').match(/[a-z]+/gi) ?? [];
}

async function generated(
  temp: string,
  options: Parameters<typeof makeTestEmbeddingModel>[1] & { name: string },
): Promise<TransformersOptions> {
  const started = performance.now();
  await makeTestEmbeddingModel(temp, options);
  report('grading.test_model.generate', performance.now() - started, 'ms', { model: options.name });
  return { modelsDir: temp, model: options.name, quantized: options.quantized ?? false };
}

async function main(): Promise<void> {
  const all = SHORT_ANSWER_CASES.map((_, i) => i);
  const oneEachLanguage = [0, 2];
  const modelsDir = path.resolve(process.env.MODELS_DIR ?? './models');
  const configured = process.env.EMBEDDING_MODEL ?? 'paraphrase-multilingual-MiniLM-L12-v2';
  const quantized = !['0', 'false', 'no', 'off'].includes((process.env.EMBEDDING_QUANTIZED ?? '1').toLowerCase());
  if (existsSync(path.join(modelsDir, configured, 'config.json'))) {
    await loadAndMeasure({ modelsDir, model: configured, quantized }, { kind: 'operator model' }, all);
  } else {
    const temp = await mkdtemp(path.join(os.tmpdir(), 'eduforum-bench-models-'));
    try {
      const tiny = await generated(temp, { name: TEST_MODEL_NAME });
      await loadAndMeasure(tiny, { kind: 'generated tiny test model (pipeline overhead only)' }, all);
      for (const int8 of [false, true]) {
        const sized = await generated(temp, {
          name: `minilm-l12-shape-${int8 ? 'int8' : 'fp32'}`,
          shape: MINILM_L12_SHAPE,
          words: englishWords(),
          quantized: int8,
        });
        const kind = 'random weights of the MiniLM-L12 size; Korean tokenised per syllable (pessimistic)';
        await loadAndMeasure(sized, { kind }, oneEachLanguage);
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
  await measure(new LexicalEmbedder(), { method: 'lexical', model: null }, all);
}

await main();
