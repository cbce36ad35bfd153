import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  createEmbedder,
  gradeShortAnswers,
  LexicalEmbedder,
  TransformersEmbedder,
  type Question,
} from '../../grading/index.js';
import { TEST_MODEL_HIDDEN_SIZE } from '../../scripts/make-test-embedding-model.js';
import { TEST_MODEL, testModelsDir } from '../support/embedding-model.js';
import { SHORT_ANSWER_CASES, type AnswerKind } from '../support/short-answers.js';

const KINDS: AnswerKind[] = ['paraphrase', 'partial', 'wrong', 'off_topic', 'empty'];

describe('grading/embedder', () => {
  describe('TransformersEmbedder with the generated model through the real feature-extraction pipeline', () => {
    let embedder: TransformersEmbedder;
    before(async () => {
      embedder = await TransformersEmbedder.load({
        modelsDir: await testModelsDir(),
        model: TEST_MODEL,
        quantized: false,
      });
    });

    it('reports the model, its dimensions and load time, and does not force review', () => {
      expect(embedder.info).to.include({
        method: 'transformers',
        model: TEST_MODEL,
        dimensions: TEST_MODEL_HIDDEN_SIZE,
        needsReview: false,
      });
      expect(embedder.info.loadMs).to.be.a('number');
    });

    it('returns unit-length vectors of the model dimension, deterministically', async () => {
      const texts = ['Overfitting hurts generalization.', '과적합은 일반화를 해친다.'];
      const first = await embedder.embed(texts);
      const second = await embedder.embed(texts);
      expect(first).to.have.length(2);
      for (const [i, v] of first.entries()) {
        expect(v).to.have.length(TEST_MODEL_HIDDEN_SIZE);
        expect(Math.hypot(...v)).to.be.closeTo(1, 1e-4);
        expect(Array.from(v)).to.deep.equal(Array.from(second[i]!));
      }
    });

    it('gives identical texts similarity 1 in English and Korean', async () => {
      for (const c of SHORT_ANSWER_CASES) {
        const [same] = await embedder.similarities(c.modelAnswer, [c.modelAnswer]);
        expect(same).to.be.closeTo(1, 1e-4);
      }
    });

    it('ranks the paraphrase above every other answer kind for each English and Korean question', async () => {
      for (const c of SHORT_ANSWER_CASES) {
        const sims = await embedder.similarities(
          c.modelAnswer,
          KINDS.map((k) => c.answers[k]),
        );
        const [paraphrase, ...others] = sims;
        for (const [i, other] of others.entries())
          expect(paraphrase, `${c.language} ${KINDS[i + 1]}`).to.be.above(other!);
      }
    });

    it('gives the same similarities whether or not the model answer vector is cached', async () => {
      const c = SHORT_ANSWER_CASES[2]!;
      const fresh = await TransformersEmbedder.load({
        modelsDir: await testModelsDir(),
        model: TEST_MODEL,
        quantized: false,
      });
      const uncached = await fresh.similarities(c.modelAnswer, [c.answers.paraphrase]);
      const cached = await fresh.similarities(c.modelAnswer, [c.answers.paraphrase]);
      expect(cached[0]).to.be.closeTo(uncached[0]!, 1e-6);
    });

    it('grades a batch of short answers with full points for the paraphrase and 0 for the empty answer', async () => {
      const c = SHORT_ANSWER_CASES[0]!;
      const question: Question = {
        type: 'short_answer',
        question_text: c.question,
        points: 10,
        model_answer: c.modelAnswer,
      };
      const scores = await gradeShortAnswers(
        embedder,
        question,
        KINDS.map((k) => c.answers[k]),
      );
      expect(scores[0]).to.include({ points: 10, method: 'transformers' });
      expect(scores[4]).to.include({ points: 0, confidence: 1 });
      expect(scores[4]!.flags).to.deep.equal(['empty']);
    });
  });

  describe('createEmbedder', () => {
    let emptyDir: string;
    before(async () => {
      emptyDir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-no-models-'));
    });
    after(async () => {
      await rm(emptyDir, { recursive: true, force: true });
    });

    it('picks transformers when the model folder exists and loads', async () => {
      const embedder = await createEmbedder({ modelsDir: await testModelsDir(), model: TEST_MODEL, quantized: false });
      expect(embedder.info.method).to.equal('transformers');
    });

    it('falls back to lexical, marked needs-review with the reason, when the model folder is missing', async () => {
      const embedder = await createEmbedder({
        modelsDir: emptyDir,
        model: 'paraphrase-multilingual-MiniLM-L12-v2',
        quantized: true,
      });
      expect(embedder).to.be.instanceOf(LexicalEmbedder);
      expect(embedder.info).to.include({ method: 'lexical', needsReview: true });
      expect(embedder.info.reason).to.match(/no embedding model/);
    });

    it('falls back to lexical when the model folder exists but its files cannot load (never downloads)', async () => {
      const broken = path.join(emptyDir, 'broken-model');
      await mkdir(broken, { recursive: true });
      await writeFile(path.join(broken, 'config.json'), JSON.stringify({ model_type: 'bert' }));
      const embedder = await createEmbedder({ modelsDir: emptyDir, model: 'broken-model', quantized: true });
      expect(embedder.info.method).to.equal('lexical');
      expect(embedder.info.reason).to.match(/failed to load/);
    });
  });

  describe('LexicalEmbedder', () => {
    it('scores identical Korean text 1 and unrelated text near 0', async () => {
      const lexical = new LexicalEmbedder();
      const [same, unrelated] = await lexical.similarities('과적합은 일반화를 해친다', [
        '과적합은 일반화를 해친다',
        'pizza for lunch',
      ]);
      expect(same).to.be.closeTo(1, 1e-9);
      expect(unrelated).to.equal(0);
    });
  });
});
