import { z } from 'zod';
import { PULSE_STATES, PulseSample } from '../store/index.js';
import type { LiveContext } from './context.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { isStaff, STAFF, type Room } from './room.js';
import type { Rooms } from './rooms.js';

export type PulseState = (typeof PULSE_STATES)[number];

export interface PulseConfig {
  /** Confused share (0–1) at or above which staff are alerted. */
  threshold: number;
  windowSeconds: number;
  /** Fewer taps than this in the window never alert (two confused of three is noise). */
  minSamples: number;
}

export const PULSE_DEFAULTS: PulseConfig = { threshold: 0.4, windowSeconds: 120, minSamples: 3 };
const REFRESH_MS = 5_000;

export interface PulseGauge {
  understand: number;
  confused: number;
  total: number;
  confused_ratio: number;
  window_seconds: number;
}

/** Each learner's latest tap counts once while it is inside the sliding window. */
export function pulseGauge(
  latest: { state: PulseState; at: number }[],
  now: number,
  windowSeconds: number,
): PulseGauge {
  const recent = latest.filter((t) => now - t.at <= windowSeconds * 1000);
  const confused = recent.filter((t) => t.state === 'CONFUSED').length;
  const total = recent.length;
  return {
    understand: total - confused,
    confused,
    total,
    confused_ratio: total === 0 ? 0 : Math.round((confused / total) * 100) / 100,
    window_seconds: windowSeconds,
  };
}

/** 'raise' when confusion crosses the threshold upwards, 'clear' when it falls back below, else null. */
export function alertTransition(alerted: boolean, gauge: PulseGauge, config: PulseConfig): 'raise' | 'clear' | null {
  const over = gauge.total >= config.minSamples && gauge.confused_ratio >= config.threshold;
  if (over && !alerted) return 'raise';
  if (!over && alerted) return 'clear';
  return null;
}

const configSchema = z.object({
  threshold: z.number().min(0.05).max(1).optional(),
  window_seconds: z.number().int().min(10).max(1800).optional(),
  min_samples: z.number().int().min(1).max(1000).optional(),
});

/**
 * Understanding pulse (seed 004): learners tap UNDERSTAND/CONFUSED whenever they like; staff see a live gauge
 * over a sliding window and get `pulse_alert` when confusion crosses the seminar's threshold. Latest taps and
 * the per-seminar config are in Redis; every tap is also a PulseSample record.
 */
export class PulseService {
  private readonly activeHere = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
  ) {
    rooms.onEnd(async (room) => {
      this.activeHere.delete(room.seminarId);
      await ctx.redis.del(room.key('pulse'), room.key('pulse:alerted'));
    });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Taps age out of the window without new events; re-publish gauges this process has seen lately. */
  private async refresh(): Promise<void> {
    const now = Date.now();
    for (const [seminarId, lastTap] of this.activeHere) {
      const room = await this.rooms.byId(seminarId).catch(() => null);
      const config = room ? await this.config(room) : PULSE_DEFAULTS;
      if (!room || now - lastTap > (config.windowSeconds + 10) * 1000) this.activeHere.delete(seminarId);
      if (room) await this.publish(room).catch((err: unknown) => this.ctx.logger.warn({ err }, 'pulse refresh'));
    }
  }

  async config(room: Room): Promise<PulseConfig> {
    const raw = await this.ctx.redis.hgetall(room.key('pulse:config'));
    return {
      threshold: raw.threshold ? Number(raw.threshold) : PULSE_DEFAULTS.threshold,
      windowSeconds: raw.windowSeconds ? Number(raw.windowSeconds) : PULSE_DEFAULTS.windowSeconds,
      minSamples: raw.minSamples ? Number(raw.minSamples) : PULSE_DEFAULTS.minSamples,
    };
  }

  async gauge(room: Room, config?: PulseConfig): Promise<PulseGauge> {
    const raw = await this.ctx.redis.hgetall(room.key('pulse'));
    const latest = Object.values(raw).map((v) => {
      const [state, at] = v.split(':');
      return { state: state as PulseState, at: Number(at) };
    });
    return pulseGauge(latest, Date.now(), (config ?? (await this.config(room))).windowSeconds);
  }

  async publish(room: Room): Promise<PulseGauge> {
    const config = await this.config(room);
    const gauge = await this.gauge(room, config);
    room.emitStaff('pulse_update', { ...gauge, threshold: config.threshold });
    const alerted = (await this.ctx.redis.exists(room.key('pulse:alerted'))) === 1;
    const change = alertTransition(alerted, gauge, config);
    if (change === 'raise' && (await this.ctx.redis.set(room.key('pulse:alerted'), '1', 'NX')) === 'OK')
      room.emitStaff('pulse_alert', { active: true, ...gauge, threshold: config.threshold });
    if (change === 'clear' && (await this.ctx.redis.del(room.key('pulse:alerted'))) === 1)
      room.emitStaff('pulse_alert', { active: false, ...gauge, threshold: config.threshold });
    return gauge;
  }

  feature(): Feature {
    return {
      events: {
        pulse: liveEvent({
          schema: z.object({ state: z.enum(PULSE_STATES) }),
          roles: ['learner'],
          rate: 'pulse',
          handle: async ({ room, actor }, p) => {
            await room.requireStatus('LIVE');
            const at = Date.now();
            await this.ctx.redis.hset(room.key('pulse'), actor.id, `${p.state}:${at}`);
            this.activeHere.set(room.seminarId, at);
            await PulseSample.create({ seminar: room.seminarId, user: actor.id, state: p.state, at: new Date(at) });
            await room.countActivity(actor.id, 'pulse', { value: p.state === 'UNDERSTAND' ? 1 : 0 });
            await this.publish(room);
            return { state: p.state };
          },
        }),
        pulse_config: liveEvent({
          schema: configSchema,
          roles: STAFF,
          handle: async ({ room }, p) => {
            const fields: Record<string, number> = {};
            if (p.threshold !== undefined) fields.threshold = p.threshold;
            if (p.window_seconds !== undefined) fields.windowSeconds = p.window_seconds;
            if (p.min_samples !== undefined) fields.minSamples = p.min_samples;
            if (Object.keys(fields).length > 0) await this.ctx.redis.hset(room.key('pulse:config'), fields);
            const config = await this.config(room);
            await this.publish(room);
            return {
              config: {
                threshold: config.threshold,
                window_seconds: config.windowSeconds,
                min_samples: config.minSamples,
              },
            };
          },
        }),
        pulse_stats: liveEvent({
          schema: z.object({}),
          roles: STAFF,
          handle: async ({ room }) => ({ gauge: await this.gauge(room) }),
        }),
      },
      snapshot: async (room, viewer) => {
        if (isStaff(viewer.role)) return { pulse: await this.gauge(room) };
        const mine = await this.ctx.redis.hget(room.key('pulse'), viewer.id);
        return { my_pulse: mine ? mine.split(':')[0] : null };
      },
    };
  }
}
