import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { AiClient } from '../../tool/ai/index.js';
import { createLogger } from '../../tool/logger.js';

function capture() {
  const sink = new PassThrough();
  let out = '';
  sink.on('data', (d: Buffer) => (out += d.toString()));
  return { logger: createLogger('info', sink), text: () => new Promise<string>((r) => setImmediate(() => r(out))) };
}

describe('logger redaction', () => {
  it('redacts API keys at the top level and one level down', async () => {
    const { logger, text } = capture();
    logger.info({ apiKey: 'sk-top-1', api_key: 'sk-top-2' }, 'top');
    logger.info({ body: { apiKey: 'sk-nested-1', api_key: 'sk-nested-2' } }, 'nested');
    const out = await text();
    expect(out).to.include('[redacted]');
    expect(out).not.to.match(/sk-(top|nested)-\d/);
  });

  it('cannot leak the key of a logged AI client, which keeps it in private fields', async () => {
    const { logger, text } = capture();
    const client = new AiClient(
      'sk-client-secret',
      {
        baseUrl: 'http://127.0.0.1:9/v1',
        model: 'm',
        transcribeModel: 't',
        embeddingModel: 'e',
        timeoutMs: 100,
        maxRetries: 0,
        retryBaseMs: 1,
        prices: { inputPerMTok: 0, outputPerMTok: 0, transcribePerMinute: 0 },
      },
      async () => undefined,
    );
    await client.embed({ course: '0', feature: 'embeddings' }, ['x']).catch(() => undefined);
    logger.info({ client, nested: { deeper: { client } } }, 'client');
    const out = await text();
    expect(out).to.include('"model":"m"');
    expect(out).not.to.include('sk-client-secret');
  });
});
