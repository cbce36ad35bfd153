import { MediaError } from './errors.js';

/** Per-peer ceilings. Counts bound what a peer holds at once; rates bound how often it may ask. */
export interface PeerLimits {
  maxTransports: number;
  maxProducers: number;
  /** ICE restarts per rolling minute. */
  iceRestartsPerMinute: number;
  /** Produce / consume / close requests per rolling minute (each one renegotiates a transport). */
  renegotiationsPerMinute: number;
  /** Any `media:*` request per rolling 10 s, against floods. */
  requestsPer10s: number;
}

/**
 * Sized for a 50-person room: joining it consumes ~2·49 producers (consume + resume each, plus layer
 * preferences), and a worker restart makes every client do that again, so a legitimate client needs room for
 * two full joins a minute; a flood is still stopped within seconds.
 */
export const DEFAULT_PEER_LIMITS: PeerLimits = {
  maxTransports: 4,
  maxProducers: 4,
  iceRestartsPerMinute: 6,
  renegotiationsPerMinute: 300,
  requestsPer10s: 600,
};

/**
 * Sliding-window check: drops timestamps older than the window from `history`, then records `now` if one
 * more is allowed. Returns whether it was allowed. Mutates `history` so a peer keeps one array per rule.
 */
export function takeFromWindow(history: number[], now: number, windowMs: number, max: number): boolean {
  while (history.length > 0 && history[0]! <= now - windowMs) history.shift();
  if (history.length >= max) return false;
  history.push(now);
  return true;
}

export type RateRule = 'iceRestart' | 'renegotiation' | 'request';

const RULES: Record<RateRule, { windowMs: number; max: (l: PeerLimits) => number; what: string }> = {
  iceRestart: { windowMs: 60_000, max: (l) => l.iceRestartsPerMinute, what: 'ICE restarts per minute' },
  renegotiation: { windowMs: 60_000, max: (l) => l.renegotiationsPerMinute, what: 'renegotiations per minute' },
  request: { windowMs: 10_000, max: (l) => l.requestsPer10s, what: 'media requests per 10 s' },
};

export type RateHistory = Record<RateRule, number[]>;

export function emptyRateHistory(): RateHistory {
  return { iceRestart: [], renegotiation: [], request: [] };
}

/** Throws RATE_LIMITED naming the limit when the peer has used up `rule`. */
export function enforceRate(history: RateHistory, rule: RateRule, limits: PeerLimits, now = Date.now()): void {
  const { windowMs, max, what } = RULES[rule];
  const limit = max(limits);
  if (!takeFromWindow(history[rule], now, windowMs, limit)) {
    throw new MediaError('RATE_LIMITED', `Too many ${what} (limit ${limit})`, { rule, limit });
  }
}

/** Throws RATE_LIMITED when a peer already holds `held` of something capped at `max`. */
export function enforceCount(what: 'transports' | 'producers', held: number, max: number): void {
  if (held >= max)
    throw new MediaError('RATE_LIMITED', `Too many ${what} for one participant (limit ${max})`, { limit: max });
}
