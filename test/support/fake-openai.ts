import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

/**
 * A real local HTTP server speaking the OpenAI API subset the tool uses: chat completions (JSON mode),
 * audio/transcriptions (multipart) and embeddings. Deterministic by default; tests queue error replies.
 */
export type FakeReply =
  { kind: 'content'; content: string } | { kind: 'status'; status: number; retryAfter?: string } | { kind: 'hang' };

export type FakeEndpoint = 'chat' | 'transcriptions' | 'embeddings';

export interface FakeRequest {
  endpoint: FakeEndpoint;
  authorization: string | undefined;
  body: Record<string, unknown>;
  file?: Buffer;
}

export const FAKE_QUIZ = {
  title: 'Checkpoint: gradient descent',
  questions: [
    {
      type: 'single_choice',
      question_text: 'What does the learning rate control?',
      options: ['The step size', 'The number of layers', 'The batch order', 'The loss function'],
      correct_option_index: 0,
      explanation: 'It scales each update step.',
    },
    { type: 'true_false', question_text: 'Gradient descent moves against the gradient.', correct_answer: true },
    {
      type: 'short_answer',
      question_text: 'Why can a too large learning rate fail?',
      model_answer: 'The updates overshoot the minimum and the loss diverges.',
      keywords: ['overshoot', 'diverge'],
    },
  ],
};

export const FAKE_SUMMARY = {
  title: 'Week 3 — gradient descent',
  summary: 'We derived gradient descent and discussed the learning rate.',
  key_points: ['Gradient descent follows the negative gradient', 'The learning rate sets the step size'],
  unanswered_questions: ['How do we pick the learning rate?'],
  self_test: [
    { type: 'true_false', question_text: 'A larger learning rate always converges faster.', correct_answer: false },
  ],
};

function embedding(text: string): number[] {
  const vector = new Array<number>(32).fill(0);
  const chars = [...text.toLowerCase().replace(/\s+/g, '')];
  for (let i = 0; i + 1 < chars.length; i++) {
    let hash = 2166136261;
    for (const c of chars[i]! + chars[i + 1]!) hash = Math.imul(hash ^ c.codePointAt(0)!, 16777619);
    vector[(hash >>> 0) % 32]! += 1;
  }
  return vector;
}

const tokens = (text: string) => Math.ceil(text.length / 4);

export class FakeOpenAi {
  readonly requests: FakeRequest[] = [];
  private readonly queues: Record<FakeEndpoint, FakeReply[]> = { chat: [], transcriptions: [], embeddings: [] };
  /** What chat answers when nothing is queued: the quiz or the summary, by the prompt's wording. */
  chatContent: (body: Record<string, unknown>) => string = (body) =>
    JSON.stringify(JSON.stringify(body.messages).includes('study note') ? FAKE_SUMMARY : FAKE_QUIZ);
  transcriptText: (file: Buffer) => string = (file) => `audio of ${file.length} bytes`;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeOpenAi> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeOpenAi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  enqueue(endpoint: FakeEndpoint, ...replies: FakeReply[]): void {
    this.queues[endpoint].push(...replies);
  }

  count(endpoint: FakeEndpoint): number {
    return this.requests.filter((r) => r.endpoint === endpoint).length;
  }

  reset(): void {
    this.requests.length = 0;
    for (const q of Object.values(this.queues)) q.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const endpoint = (
      {
        '/v1/chat/completions': 'chat',
        '/v1/audio/transcriptions': 'transcriptions',
        '/v1/embeddings': 'embeddings',
      } as const
    )[req.url ?? ''];
    if (!endpoint || req.method !== 'POST') {
      this.json(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      return;
    }
    const request: FakeRequest =
      endpoint === 'transcriptions'
        ? { endpoint, authorization: req.headers.authorization, ...(await readMultipart(req)) }
        : { endpoint, authorization: req.headers.authorization, body: JSON.parse(await readBody(req)) };
    this.requests.push(request);
    if (req.headers.authorization !== 'Bearer sk-test-valid') {
      this.json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
      return;
    }
    const reply = this.queues[endpoint].shift();
    if (reply?.kind === 'hang') return;
    if (reply?.kind === 'status') {
      const headers: Record<string, string> = reply.retryAfter ? { 'retry-after': reply.retryAfter } : {};
      this.json(res, reply.status, { error: { message: `fake ${reply.status}`, type: 'server_error' } }, headers);
      return;
    }
    if (endpoint === 'chat') {
      const content = reply?.kind === 'content' ? reply.content : this.chatContent(request.body);
      const prompt = JSON.stringify(request.body.messages);
      this.json(res, 200, {
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: request.body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
        usage: {
          prompt_tokens: tokens(prompt),
          completion_tokens: tokens(content),
          total_tokens: tokens(prompt) + tokens(content),
        },
      });
    } else if (endpoint === 'transcriptions') {
      this.json(res, 200, { text: reply?.kind === 'content' ? reply.content : this.transcriptText(request.file!) });
    } else {
      const input = request.body.input as string[];
      this.json(res, 200, {
        object: 'list',
        model: request.body.model,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: embedding(text) })),
        usage: { prompt_tokens: tokens(input.join('')), total_tokens: tokens(input.join('')) },
      });
    }
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function readMultipart(req: http.IncomingMessage): Promise<{ body: Record<string, unknown>; file?: Buffer }> {
  return new Promise((resolve, reject) => {
    const body: Record<string, unknown> = {};
    let file: Buffer | undefined;
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => (body[name] = value));
    parser.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (file = Buffer.concat(chunks)));
    });
    parser.on('close', () => resolve({ body, file }));
    parser.on('error', reject);
    req.pipe(parser);
  });
}
