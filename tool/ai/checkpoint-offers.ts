import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CheckpointOffer } from './checkpoint-offer.js';
import { generatedQuizSchema } from './quiz-shape.js';

/** As many as the instructor's panel shows: an older check-in is no longer worth a quiz. */
export const KEPT_OPEN_OFFERS = 3;
/** Long enough for any seminar; an ended seminar's offers then go by themselves. */
export const OPEN_OFFERS_TTL_SECONDS = 4 * 60 * 60;

const offersKey = (seminarId: string) => `ai:checkpoint-offers:${seminarId}`;

/** What a stored entry must be to be handed out again: Redis may hold an older shape or a damaged value. */
const storedOfferSchema = z.object({
  id: z.uuid(),
  phrase: z.string(),
  at: z.iso.datetime(),
  excerpt: z.string(),
  quiz: generatedQuizSchema.nullable(),
  error: z.object({ reason: z.string(), message: z.string() }).nullable(),
}) satisfies z.ZodType<CheckpointOffer>;

interface StoredOffer {
  raw: string;
  offer: CheckpointOffer;
}

/**
 * The open `checkpoint_suggestion` offers of each seminar, so an instructor who reloads or reconnects gets them
 * back. Kept in Redis (a list of JSON, newest at the head) so that whichever tool process answers the REST call
 * sees the offers another process's assistant made.
 */
export class CheckpointOfferStore {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  /** Keeps the newest offers only and restarts the seminar's expiry. */
  async add(seminarId: string, offer: CheckpointOffer): Promise<void> {
    const key = offersKey(seminarId);
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(offer))
      .ltrim(key, 0, KEPT_OPEN_OFFERS - 1)
      .expire(key, OPEN_OFFERS_TTL_SECONDS)
      .exec();
  }

  /** The seminar's open offers, newest first; entries that are not a valid offer are skipped. */
  async open(seminarId: string): Promise<CheckpointOffer[]> {
    return (await this.stored(seminarId)).map((s) => s.offer);
  }

  /** Removes one offer; false when it is not (or no longer) open, e.g. another staff member dismissed it. */
  async dismiss(seminarId: string, offerId: string): Promise<boolean> {
    const found = (await this.stored(seminarId)).find((s) => s.offer.id === offerId);
    // LREM by the exact stored value: of two concurrent dismissals only one removes it.
    return found ? (await this.redis.lrem(offersKey(seminarId), 1, found.raw)) > 0 : false;
  }

  private async stored(seminarId: string): Promise<StoredOffer[]> {
    const entries = await this.redis.lrange(offersKey(seminarId), 0, -1);
    return entries.flatMap((raw) => {
      const offer = parseOffer(raw);
      if (offer) return [{ raw, offer }];
      this.logger.warn({ seminar: seminarId }, 'skipped a stored checkpoint offer that is not a valid offer');
      return [];
    });
  }
}

function parseOffer(raw: string): CheckpointOffer | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = storedOfferSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
