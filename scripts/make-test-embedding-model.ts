/**
 * Writes a tiny BERT-shaped sentence-embedding model that @xenova/transformers loads through its real
 * `pipeline('feature-extraction')` path: a WordPiece tokenizer.json over single characters (ASCII and every
 * Hangul syllable, plus their `##` continuations), config.json, and an ONNX graph built in pure JS with
 * onnx-proto. Weights are seeded pseudo-random numbers, so similarities reflect shared character trigrams,
 * not meaning. Tests and the benchmark generate it into a temporary directory; it is never committed and
 * nothing is downloaded (OFFLINE.md "Models").
 *
 *   npx tsx scripts/make-test-embedding-model.ts <modelsDir> [name]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto, { type onnx as Onnx } from 'onnx-proto';

export const TEST_MODEL_NAME = 'eduforum-test-embedder';
export const TEST_MODEL_HIDDEN_SIZE = 64;

// onnx-proto is CommonJS: its namespace arrives on the default export.
const { onnx } = onnxProto;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const CONV_WIDTH = 3;
const SEED = 0x5eed;

function characterVocabulary(): string[] {
  const chars: string[] = [];
  for (let cp = 0x21; cp <= 0x7e; cp++) {
    const c = String.fromCodePoint(cp);
    if (c === c.toLowerCase()) chars.push(c);
  }
  for (let cp = 0xac00; cp <= 0xd7a3; cp++) chars.push(String.fromCodePoint(cp));
  return [...SPECIAL_TOKENS, ...chars, ...chars.map((c) => `##${c}`)];
}

/** mulberry32: a small seeded generator so every run writes byte-identical weights. */
function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function floatTensor(name: string, dims: number[], next: () => number, scale: number): Onnx.ITensorProto {
  const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = (next() * 2 - 1) * scale;
  return {
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer),
  };
}

function tensorInput(name: string, elemType: number, dims: Array<string | number>): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

const intsAttribute = (name: string, ints: number[]): Onnx.IAttributeProto => ({
  name,
  ints,
  type: onnx.AttributeProto.AttributeType.INTS,
});

/**
 * Embeddings (word + token type, padding zeroed) → 1-D convolution over neighbouring tokens → tanh. The convolution makes
 * each output depend on a character trigram, so mean-pooled vectors of unrelated texts are close to
 * orthogonal while texts sharing many trigrams are close.
 */
function buildModel(vocabSize: number, hidden: number): Uint8Array {
  const next = seededUniform(SEED);
  const int64 = onnx.TensorProto.DataType.INT64;
  const castToFloat: Onnx.IAttributeProto = {
    name: 'to',
    i: onnx.TensorProto.DataType.FLOAT,
    type: onnx.AttributeProto.AttributeType.INT,
  };
  const graph: Onnx.IGraphProto = {
    name: 'eduforum_test_embedder',
    input: [
      tensorInput('input_ids', int64, ['batch', 'sequence']),
      tensorInput('attention_mask', int64, ['batch', 'sequence']),
      tensorInput('token_type_ids', int64, ['batch', 'sequence']),
    ],
    output: [tensorInput('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', hidden])],
    initializer: [
      floatTensor('word_embeddings', [vocabSize, hidden], next, 1),
      floatTensor('token_type_embeddings', [2, hidden], next, 0.1),
      floatTensor('conv_weight', [hidden, hidden, CONV_WIDTH], next, 1 / Math.sqrt(hidden)),
      floatTensor('conv_bias', [hidden], next, 0.01),
      { name: 'last_axis', dims: [1], dataType: int64, int64Data: [2] },
    ],
    node: [
      { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'] },
      { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'] },
      { opType: 'Add', input: ['words', 'types'], output: ['summed'] },
      // Zero the padding so a padded batch embeds each text exactly as it would alone.
      { opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], attribute: [castToFloat] },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_column'] },
      { opType: 'Mul', input: ['summed', 'mask_column'], output: ['embeddings'] },
      {
        opType: 'Transpose',
        input: ['embeddings'],
        output: ['channels_first'],
        attribute: [intsAttribute('perm', [0, 2, 1])],
      },
      {
        opType: 'Conv',
        input: ['channels_first', 'conv_weight', 'conv_bias'],
        output: ['convolved'],
        attribute: [intsAttribute('kernel_shape', [CONV_WIDTH]), intsAttribute('pads', [1, 1])],
      },
      { opType: 'Tanh', input: ['convolved'], output: ['activated'] },
      {
        opType: 'Transpose',
        input: ['activated'],
        output: ['last_hidden_state'],
        attribute: [intsAttribute('perm', [0, 2, 1])],
      },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'eduforum-live/scripts/make-test-embedding-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((token, id) => [token, id]));
  const special = (content: string) => ({
    id: ids[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const templateToken = (token: string) => ({ id: token, ids: [ids[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    // strip_accents must stay false: NFD would split Hangul syllables into jamo.
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: false,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': templateToken('[CLS]'), '[SEP]': templateToken('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/** Writes `<modelsDir>/<name>/{config.json,tokenizer.json,tokenizer_config.json,onnx/model.onnx}`. */
export async function makeTestEmbeddingModel(modelsDir: string, name = TEST_MODEL_NAME): Promise<string> {
  const dir = path.join(modelsDir, name);
  const vocab = characterVocabulary();
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TEST_MODEL_HIDDEN_SIZE,
    vocab_size: vocab.length,
    type_vocab_size: 2,
    max_position_embeddings: 512,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
  await Promise.all([
    writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2)),
    writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab))),
    writeFile(path.join(dir, 'onnx', 'model.onnx'), buildModel(vocab.length, TEST_MODEL_HIDDEN_SIZE)),
  ]);
  return dir;
}

// No top-level await here: it would make every test importing this file load as real ESM, and then the
// models that test/support/hooks.ts already required would be compiled a second time.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [modelsDir, name] = process.argv.slice(2);
  if (!modelsDir) {
    console.error('usage: npx tsx scripts/make-test-embedding-model.ts <modelsDir> [name]');
    process.exit(2);
  }
  makeTestEmbeddingModel(path.resolve(modelsDir), name).then(
    (dir) => console.log(dir),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
