export const BREAKOUT_MODES = ['random', 'round_robin', 'mixed_by_grade'] as const;
export type BreakoutMode = (typeof BREAKOUT_MODES)[number];

export interface PlanParticipant {
  id: string;
  /** Any comparable score (course grade, quiz average); missing grades are placed last. */
  grade?: number | null;
}

export interface PlanInput {
  participants: readonly PlanParticipant[];
  roomCount: number;
  mode: BreakoutMode;
  /** Uniform [0, 1); injectable so plans are reproducible in tests. */
  random?: () => number;
}

/** Rooms needed for a target size, or the requested count, never more rooms than people (min 1). */
export function roomCountFor(people: number, request: { roomCount?: number; roomSize?: number }): number {
  const wanted = request.roomCount ?? Math.ceil(people / Math.max(1, request.roomSize ?? 4));
  return Math.max(1, Math.min(wanted, Math.max(1, people)));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Deals people into rooms in turn: sizes never differ by more than one. */
function deal(ids: readonly string[], rooms: number): string[][] {
  const out: string[][] = Array.from({ length: rooms }, () => []);
  ids.forEach((id, i) => out[i % rooms]!.push(id));
  return out;
}

/**
 * Serpentine draft over grades (best first): rooms pick 1→n, then n→1, … so each room gets one of the
 * strongest, one of the next tier, and so on — grades spread, sizes balanced.
 */
function snakeDraft(ordered: readonly string[], rooms: number): string[][] {
  const out: string[][] = Array.from({ length: rooms }, () => []);
  ordered.forEach((id, i) => {
    const round = Math.floor(i / rooms);
    const pos = i % rooms;
    out[round % 2 === 0 ? pos : rooms - 1 - pos]!.push(id);
  });
  return out;
}

/**
 * Assigns participants to `roomCount` breakout rooms (seed 001: random, round-robin, mixed by grade).
 * Pure: the same input (and random source) gives the same plan.
 */
export function planBreakouts(input: PlanInput): string[][] {
  const random = input.random ?? Math.random;
  const rooms = roomCountFor(input.participants.length, { roomCount: input.roomCount });
  const ids = input.participants.map((p) => p.id);
  switch (input.mode) {
    case 'random':
      return deal(shuffled(ids, random), rooms);
    case 'round_robin':
      return deal(ids, rooms);
    case 'mixed_by_grade': {
      // Shuffle first so equal grades (and the ungraded) do not always land in the same rooms.
      const ordered = shuffled(input.participants, random).sort(
        (a, b) => (b.grade ?? Number.NEGATIVE_INFINITY) - (a.grade ?? Number.NEGATIVE_INFINITY),
      );
      return snakeDraft(
        ordered.map((p) => p.id),
        rooms,
      );
    }
  }
}
