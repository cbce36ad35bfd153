import type { ParticipationEventType } from './participation-event.js';
import { round } from './talk-time.js';

/** The parts of a stored event the timeline needs. */
export interface TimelineEvent {
  type: ParticipationEventType;
  userId: string;
  at: Date;
  value?: number | null;
}

export interface TimelineBucket {
  timestamp: string;
  /** Distinct people with a chosen act (not join/leave) in the bucket: seed 000's field. */
  active_participants: number;
  events: Partial<Record<ParticipationEventType, number>>;
  /** Understand taps / all pulse taps in the bucket; null without taps. */
  pulse_understand_ratio: number | null;
  /** Students' share of the seconds spoken in the bucket; null when nobody spoke. */
  student_talk_share: number | null;
}

const PASSIVE: ReadonlySet<ParticipationEventType> = new Set(['join', 'leave']);

/**
 * Events per bucket (a minute by default) from `from` to `to`, empty buckets included so a chart's x axis is
 * time. A speaking turn is reported when it ends, so its seconds land in the bucket where it ended.
 */
export function buildTimeline(
  events: readonly TimelineEvent[],
  window: { from: Date; to: Date; bucketMs?: number; staff: ReadonlySet<string> },
): TimelineBucket[] {
  const bucketMs = window.bucketMs ?? 60_000;
  const start = Math.floor(window.from.getTime() / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((window.to.getTime() - start) / bucketMs));
  const acc = Array.from({ length: count }, () => ({
    active: new Set<string>(),
    events: {} as Partial<Record<ParticipationEventType, number>>,
    understand: 0,
    pulses: 0,
    studentTalk: 0,
    talk: 0,
  }));
  for (const e of events) {
    const index = Math.floor((e.at.getTime() - start) / bucketMs);
    const bucket = acc[index];
    if (!bucket) continue;
    bucket.events[e.type] = (bucket.events[e.type] ?? 0) + 1;
    if (!PASSIVE.has(e.type)) bucket.active.add(e.userId);
    if (e.type === 'pulse') {
      bucket.pulses++;
      if (e.value === 1) bucket.understand++;
    }
    if (e.type === 'speak') {
      const seconds = Math.max(0, e.value ?? 0);
      bucket.talk += seconds;
      if (!window.staff.has(e.userId)) bucket.studentTalk += seconds;
    }
  }
  return acc.map((b, i) => ({
    timestamp: new Date(start + i * bucketMs).toISOString(),
    active_participants: b.active.size,
    events: b.events,
    pulse_understand_ratio: b.pulses === 0 ? null : round(b.understand / b.pulses),
    student_talk_share: b.talk === 0 ? null : round(b.studentTalk / b.talk),
  }));
}

export interface ConfusionMoment {
  timestamp: string;
  confused_ratio: number;
  samples: number;
}

/**
 * Buckets where the confused share of pulse taps rose to or above the threshold after being below it (or at
 * the start): one moment per episode of confusion, not one per confused minute. Buckets with fewer taps than
 * `minSamples` say nothing and neither start nor end an episode.
 */
export function confusionMoments(
  timeline: readonly TimelineBucket[],
  pulse: { threshold: number; minSamples: number },
): ConfusionMoment[] {
  const moments: ConfusionMoment[] = [];
  let confused = false;
  for (const bucket of timeline) {
    const samples = bucket.events.pulse ?? 0;
    if (samples < pulse.minSamples || bucket.pulse_understand_ratio === null) continue;
    const ratio = round(1 - bucket.pulse_understand_ratio);
    const over = ratio >= pulse.threshold;
    if (over && !confused) moments.push({ timestamp: bucket.timestamp, confused_ratio: ratio, samples });
    confused = over;
  }
  return moments;
}

export interface EngagementTrend {
  direction: 'rising' | 'falling' | 'steady';
  /** Mean active participants per bucket in the first and the second half of the session. */
  first_half: number;
  second_half: number;
}

/**
 * Whether activity grew or faded over the session: second half vs first half, ±20 % counts as a change; a
 * single bucket has no trend.
 */
export function engagementTrend(timeline: readonly TimelineBucket[]): EngagementTrend {
  const mid = Math.floor(timeline.length / 2);
  const mean = (part: readonly TimelineBucket[]) =>
    part.length === 0 ? 0 : part.reduce((sum, b) => sum + b.active_participants, 0) / part.length;
  const first = mean(timeline.slice(0, mid));
  const second = mean(timeline.slice(mid));
  const direction =
    timeline.length < 2 ? 'steady' : second > first * 1.2 ? 'rising' : second < first * 0.8 ? 'falling' : 'steady';
  return { direction, first_half: round(first), second_half: round(second) };
}
