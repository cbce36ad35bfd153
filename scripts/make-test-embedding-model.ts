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

/** Collects nodes and initialisers; each op gets a fresh output name unless one is given. */
function graphBuilder(next: () => number, quantized: boolean) {
  const nodes: Onnx.INodeProto[] = [];
  const initializers: Onnx.ITensorProto[] = [];
  let counter = 0;
  const op = (opType: string, input: string[], attribute: Onnx.IAttributeProto[] = [], output?: string) => {
    const name = output ?? `${opType.toLowerCase()}_${counter++}`;
    nodes.push({ opType, input, output: [name], attribute });
    return name;
  };
  const op3 = (opType: string, input: string[]): [string, string, string] => {
    const base = `${opType.toLowerCase()}_${counter++}`;
    const output: [string, string, string] = [`${base}_0`, `${base}_1`, `${base}_2`];
    nodes.push({ opType, input, output });
    return output;
  };
  /** Symmetric int8 weights in [-127, 127] with one float scale: what dynamic quantisation produces. */
  const randomInt8 = (name: string, dims: number[], scale: number) => {
    const values = new Int8Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = Math.round((next() * 2 - 1) * 127);
    initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.INT8, rawData: new Uint8Array(values.buffer) });
    initializers.push({
      name: `${name}.scale`,
      dims: [],
      dataType: onnx.TensorProto.DataType.FLOAT,
      floatData: [scale / 127],
    });
    return { weight: name, scale: `${name}.scale` };
  };
  const random = (name: string, dims: number[], scale: number) => {
    initializers.push(floatTensor(name, dims, next, scale));
    return name;
  };
  const floats = (name: string, dims: number[], values: number[]) => {
    initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values });
    return name;
  };
  const int64s = (name: string, values: number[]) => {
    initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  };
  /** Word + token-type embeddings with padding positions zeroed by the attention mask. */
  const embeddings = (vocabSize: number, hidden: number) => {
    const words = op('Gather', [random('word_embeddings', [vocabSize, hidden], 1), 'input_ids']);
    const types = op('Gather', [random('token_type_embeddings', [2, hidden], 0.1), 'token_type_ids']);
    const to = { name: 'to', i: onnx.TensorProto.DataType.FLOAT, type: onnx.AttributeProto.AttributeType.INT };
    const mask = op('Cast', ['attention_mask'], [to], 'mask_float');
    const column = op('Unsqueeze', [mask, int64s('last_axis', [2])]);
    return op('Mul', [op('Add', [words, types]), column]);
  };
  return { nodes, initializers, quantized, op, op3, random, randomInt8, floats, int64s, embeddings };
}
type GraphBuilder = ReturnType<typeof graphBuilder>;

/**
 * Tiny: embeddings → 1-D convolution over neighbouring tokens → tanh. The convolution makes each output
 * depend on a character trigram, so mean-pooled vectors of unrelated texts are close to orthogonal while
 * texts sharing many trigrams are close.
 */
function convolutionBody(g: GraphBuilder, input: string, hidden: number): void {
  const channelsFirst = g.op('Transpose', [input], [intsAttribute('perm', [0, 2, 1])]);
  const convolved = g.op(
    'Conv',
    [
      channelsFirst,
      g.random('conv_weight', [hidden, hidden, CONV_WIDTH], 1 / Math.sqrt(hidden)),
      g.random('conv_bias', [hidden], 0.01),
    ],
    [intsAttribute('kernel_shape', [CONV_WIDTH]), intsAttribute('pads', [1, 1])],
  );
  g.op('Transpose', [g.op('Tanh', [convolved])], [intsAttribute('perm', [0, 2, 1])], 'last_hidden_state');
}

function layerNorm(g: GraphBuilder, x: string, hidden: number, prefix: string): string {
  const axes = [intsAttribute('axes', [-1])];
  const centred = g.op('Sub', [x, g.op('ReduceMean', [x], axes)]);
  const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], axes);
  const std = g.op('Sqrt', [g.op('Add', [variance, 'epsilon'])]);
  const normalised = g.op('Div', [centred, std]);
  const gamma = g.floats(`${prefix}.gamma`, [hidden], new Array<number>(hidden).fill(1));
  const beta = g.floats(`${prefix}.beta`, [hidden], new Array<number>(hidden).fill(0));
  return g.op('Add', [g.op('Mul', [normalised, gamma]), beta]);
}

/** x·W + b; in the quantised model as DynamicQuantizeLinear → MatMulInteger (u8 × s8) → rescale. */
function dense(g: GraphBuilder, x: string, inSize: number, outSize: number, prefix: string): string {
  const scale = Math.sqrt(3) * 0.02;
  const bias = g.floats(`${prefix}.bias`, [outSize], new Array<number>(outSize).fill(0));
  if (!g.quantized)
    return g.op('Add', [g.op('MatMul', [x, g.random(`${prefix}.weight`, [inSize, outSize], scale)]), bias]);
  const w = g.randomInt8(`${prefix}.weight`, [inSize, outSize], scale);
  const [xq, xScale, xZero] = g.op3('DynamicQuantizeLinear', [x]);
  const product = g.op('MatMulInteger', [xq, w.weight, xZero, 'int8_zero']);
  const to = { name: 'to', i: onnx.TensorProto.DataType.FLOAT, type: onnx.AttributeProto.AttributeType.INT };
  const rescaled = g.op('Mul', [g.op('Cast', [product], [to]), g.op('Mul', [xScale, w.scale])]);
  return g.op('Add', [rescaled, bias]);
}

/**
 * A BERT encoder of a real model's size (for the benchmark): multi-head self-attention with the padding
 * mask, GELU feed-forward, post-layer norms. Random weights (BERT's 0.02 scale): the similarities mean
 * nothing, the compute per token is that of the real shape.
 */
function encoderBody(g: GraphBuilder, input: string, shape: EncoderShape): void {
  const { hidden, layers, heads, intermediate } = shape;
  const headSize = hidden / heads;
  g.floats('epsilon', [], [1e-12]);
  g.floats('one', [], [1]);
  g.floats('mask_penalty', [], [-10000]);
  g.floats('attention_scale', [], [1 / Math.sqrt(headSize)]);
  g.floats('half', [], [0.5]);
  g.floats('inv_sqrt2', [], [Math.SQRT1_2]);
  if (g.quantized) {
    g.initializers.push({
      name: 'int8_zero',
      dims: [],
      dataType: onnx.TensorProto.DataType.INT8,
      rawData: new Uint8Array(1),
    });
  }
  const splitHeads = g.int64s('split_heads_shape', [0, 0, heads, headSize]);
  const mergeHeads = g.int64s('merge_heads_shape', [0, 0, hidden]);
  const maskRows = g.op('Unsqueeze', ['mask_float', g.int64s('mask_axes', [1, 2])]);
  const maskBias = g.op('Mul', [g.op('Sub', ['one', maskRows]), 'mask_penalty']);
  let x = layerNorm(g, input, hidden, 'embeddings.norm');
  for (let layer = 0; layer < layers; layer++) {
    const p = `layer${layer}`;
    const heads4 = (name: string, perm: number[]) =>
      g.op(
        'Transpose',
        [g.op('Reshape', [dense(g, x, hidden, hidden, `${p}.${name}`), splitHeads])],
        [intsAttribute('perm', perm)],
      );
    const q = heads4('query', [0, 2, 1, 3]);
    const k = heads4('key', [0, 2, 3, 1]);
    const v = heads4('value', [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), 'attention_scale']), maskBias]);
    const probs = g.op('Softmax', [scores], [{ name: 'axis', i: -1, type: onnx.AttributeProto.AttributeType.INT }]);
    const context = g.op('Transpose', [g.op('MatMul', [probs, v])], [intsAttribute('perm', [0, 2, 1, 3])]);
    const attended = dense(g, g.op('Reshape', [context, mergeHeads]), hidden, hidden, `${p}.attention_output`);
    x = layerNorm(g, g.op('Add', [x, attended]), hidden, `${p}.attention_norm`);
    const up = dense(g, x, hidden, intermediate, `${p}.intermediate`);
    const gelu = g.op('Mul', [
      g.op('Mul', [up, 'half']),
      g.op('Add', ['one', g.op('Erf', [g.op('Mul', [up, 'inv_sqrt2'])])]),
    ]);
    x = layerNorm(g, g.op('Add', [x, dense(g, gelu, intermediate, hidden, `${p}.output`)]), hidden, `${p}.output_norm`);
  }
  g.op('Identity', [x], [], 'last_hidden_state');
}

export interface EncoderShape {
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
}

/** The size of paraphrase-multilingual-MiniLM-L12-v2 (its 250k-token vocabulary aside). */
export const MINILM_L12_SHAPE: EncoderShape = { hidden: 384, layers: 12, heads: 12, intermediate: 1536 };

function buildModel(vocabSize: number, shape: EncoderShape | null, quantized: boolean): Uint8Array {
  const g = graphBuilder(seededUniform(SEED), quantized);
  const hidden = shape?.hidden ?? TEST_MODEL_HIDDEN_SIZE;
  const input = g.embeddings(vocabSize, hidden);
  if (shape) encoderBody(g, input, shape);
  else convolutionBody(g, input, hidden);
  const int64 = onnx.TensorProto.DataType.INT64;
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'eduforum-live/scripts/make-test-embedding-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'eduforum_test_embedder',
      input: [
        tensorInput('input_ids', int64, ['batch', 'sequence']),
        tensorInput('attention_mask', int64, ['batch', 'sequence']),
        tensorInput('token_type_ids', int64, ['batch', 'sequence']),
      ],
      output: [tensorInput('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', hidden])],
      initializer: g.initializers,
      node: g.nodes,
    },
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

export interface TestModelOptions {
  name?: string;
  /** A random-weight encoder of this size instead of the tiny convolutional model (benchmark only). */
  shape?: EncoderShape;
  /**
   * Whole words added to the vocabulary, so a benchmark's texts tokenise to about one token per word as
   * with a real WordPiece vocabulary instead of one per character.
   */
  words?: string[];
  /** Write `onnx/model_quantized.onnx` with int8 dense layers (encoder shape only) instead of `onnx/model.onnx`. */
  quantized?: boolean;
}

/** Writes `<modelsDir>/<name>/{config.json,tokenizer.json,tokenizer_config.json,onnx/model[_quantized].onnx}`. */
export async function makeTestEmbeddingModel(modelsDir: string, options: TestModelOptions = {}): Promise<string> {
  const { name = TEST_MODEL_NAME, shape = null, words = [], quantized = false } = options;
  const dir = path.join(modelsDir, name);
  const characters = characterVocabulary();
  const known = new Set(characters);
  const vocab = [...characters, ...new Set(words.map((w) => w.toLowerCase()).filter((w) => !known.has(w)))];
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: shape?.hidden ?? TEST_MODEL_HIDDEN_SIZE,
    vocab_size: vocab.length,
    type_vocab_size: 2,
    max_position_embeddings: 512,
    num_hidden_layers: shape?.layers ?? 1,
    num_attention_heads: shape?.heads ?? 1,
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
    writeFile(
      path.join(dir, 'onnx', quantized ? 'model_quantized.onnx' : 'model.onnx'),
      buildModel(vocab.length, shape, quantized && shape !== null),
    ),
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
  makeTestEmbeddingModel(path.resolve(modelsDir), { name }).then(
    (dir) => console.log(dir),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
