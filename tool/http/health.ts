import { Router } from 'express';
import { AppError, errorEnvelope } from './errors.js';

export type PartState = 'up' | 'down';

export interface HealthProbes {
  mongo(): Promise<boolean>;
  redis(): Promise<boolean>;
  mediasoup(): { workers: number; expected: number } & Record<string, unknown>;
}

const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<boolean>): Promise<PartState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([check().catch(() => false), timeout])) ? 'up' : 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * DESIGN.md §2: 200 with every part up; otherwise 503 with the same fields (so a dashboard sees which part
 * failed) plus the error envelope every non-2xx JSON response carries.
 */
export function healthRouter(probes: HealthProbes): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    const [mongo, redis] = await Promise.all([probe(probes.mongo), probe(probes.redis)]);
    const { expected, ...mediasoup } = probes.mediasoup();
    const healthy = mongo === 'up' && redis === 'up' && mediasoup.workers > 0 && mediasoup.workers >= expected;
    const body = { status: healthy ? 'ok' : 'degraded', mongo, redis, mediasoup };
    if (healthy) {
      res.json(body);
      return;
    }
    const failing = [
      mongo === 'down' && 'mongo',
      redis === 'down' && 'redis',
      mediasoup.workers < expected && 'mediasoup',
    ].filter(Boolean);
    const error = new AppError('SERVICE_UNAVAILABLE', `Unavailable: ${failing.join(', ')}`, body);
    res.status(503).json({ ...body, ...errorEnvelope(error, req.id) });
  });
  return router;
}
