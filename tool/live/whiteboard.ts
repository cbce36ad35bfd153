import { z } from 'zod';
import { AppError } from '../http/index.js';
import { WhiteboardElement, WhiteboardScene } from '../store/index.js';
import { channels, type LiveContext } from './context.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, PARTICIPANTS, STAFF, type Actor, type Room } from './room.js';
import type { Rooms } from './rooms.js';
import { objectId } from './sanitize.js';

const FLUSH_MS = 2_000;
/**
 * A drag sends an update every animation frame, so edits are counted for analytics at most once per user per
 * window: a burst of strokes is one act of contributing, not hundreds.
 */
export const EDIT_COUNT_WINDOW_MS = 5_000;
export const MAIN_BOARD = 'main';

export interface ElementVersion {
  version: number;
  versionNonce: number;
}

/**
 * Excalidraw's rule, applied to the server's stored copy: a higher version wins; on equal versions the lower
 * versionNonce wins, so every replica converges on the same element whatever order updates arrive in.
 */
export function incomingWins(stored: ElementVersion | null, incoming: ElementVersion): boolean {
  if (!stored) return true;
  if (incoming.version !== stored.version) return incoming.version > stored.version;
  return incoming.versionNonce < stored.versionNonce;
}

/**
 * The same rule inside Redis so concurrent writers on several processes cannot interleave. KEYS: elements
 * hash, versions hash. ARGV[1]: max elements; then per element id, version, nonce, json. Returns accepted ids.
 */
const RECONCILE_SCRIPT = `
local accepted = {}
local size = redis.call('HLEN', KEYS[2])
for i = 2, #ARGV, 4 do
  local id, v, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local cur = redis.call('HGET', KEYS[2], id)
  local ok
  if cur then
    local sep = string.find(cur, ':')
    local cv, cn = tonumber(string.sub(cur, 1, sep - 1)), tonumber(string.sub(cur, sep + 1))
    ok = v > cv or (v == cv and n < cn)
  else
    ok = size < tonumber(ARGV[1])
    if ok then size = size + 1 end
  end
  if ok then
    redis.call('HSET', KEYS[1], id, ARGV[i + 3])
    redis.call('HSET', KEYS[2], id, v .. ':' .. n)
    table.insert(accepted, id)
  end
end
return accepted`;

const elementSchema = z.looseObject({
  id: z.string().min(1).max(64),
  version: z.number().int().min(0),
  versionNonce: z.number().int(),
  isDeleted: z.boolean().optional(),
});
type SceneElement = z.output<typeof elementSchema>;

const scoped = { room_id: objectId.nullish() };

/**
 * Whiteboard relay: Excalidraw element updates reconciled on the server's copy (Redis, shared by processes),
 * relayed to the rest of the room, persisted to Mongo in batches for late joiners and restarts; pointer
 * presence; a staff lock. One board per room: main or a breakout.
 */
export class WhiteboardRelay {
  private readonly dirty = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private keys(room: Room, board: string) {
    return {
      elements: room.key(`wb:${board}`),
      versions: room.key(`wb:${board}:v`),
      lock: room.key(`wb:${board}:lock`),
    };
  }

  /** Learners draw on their breakout's board while one runs; staff pick with room_id. */
  private async boardOf(room: Room, actor: Actor, requested?: string | null): Promise<string> {
    if (isStaff(actor.role)) return requested ?? MAIN_BOARD;
    return (await room.breakoutOf(actor.id)) ?? MAIN_BOARD;
  }

  private channelOf(room: Room, board: string): string {
    return board === MAIN_BOARD ? room.channel : channels.breakout(room.seminarId, board);
  }

  async locked(room: Room, board: string): Promise<boolean> {
    return (await this.ctx.redis.exists(this.keys(room, board).lock)) === 1;
  }

  /** The whole scene; warmed from Mongo when Redis no longer has it. */
  async scene(room: Room, board: string): Promise<SceneElement[]> {
    const keys = this.keys(room, board);
    const cached = await this.ctx.redis.hvals(keys.elements);
    if (cached.length > 0) return cached.map((json) => JSON.parse(json) as SceneElement);
    const stored = await WhiteboardElement.find({ seminar: room.seminarId, roomKey: board }).lean();
    if (stored.length === 0) return [];
    await this.ctx.redis.eval(
      RECONCILE_SCRIPT,
      2,
      keys.elements,
      keys.versions,
      LIMITS.whiteboardSceneElements,
      ...stored.flatMap((e) => [e.elementId, e.version, e.versionNonce, JSON.stringify(e.data)]),
    );
    return stored.map((e) => e.data as SceneElement);
  }

  async flush(): Promise<void> {
    const batches = [...this.dirty.entries()];
    this.dirty.clear();
    for (const [scene, ids] of batches) {
      const [seminarId, board] = scene.split('|') as [string, string];
      const room = await this.rooms.byId(seminarId).catch(() => null);
      if (!room) continue;
      const list = [...ids];
      const values = await this.ctx.redis.hmget(this.keys(room, board).elements, ...list);
      const ops = list.flatMap((elementId, i) => {
        const json = values[i];
        if (!json) return [];
        const data = JSON.parse(json) as SceneElement;
        return [
          {
            updateOne: {
              filter: { seminar: seminarId, roomKey: board, elementId },
              update: { $set: { version: data.version, versionNonce: data.versionNonce, data } },
              upsert: true,
            },
          },
        ];
      });
      if (ops.length > 0)
        await WhiteboardElement.bulkWrite(ops).catch((err: unknown) =>
          this.ctx.logger.error({ err }, 'whiteboard flush failed'),
        );
    }
  }

  /** The window is a Redis key with a TTL, so it holds across the processes serving one seminar. */
  private async countEdit(room: Room, actor: Actor): Promise<void> {
    const key = room.key(`wb:counted:${actor.id}`);
    if ((await this.ctx.redis.set(key, '1', 'PX', EDIT_COUNT_WINDOW_MS, 'NX')) === 'OK')
      await room.countActivity(actor.id, 'whiteboard_edit');
  }

  feature(): Feature {
    return {
      events: {
        whiteboard_update: liveEvent({
          schema: z.object({
            ...scoped,
            elements: z.array(elementSchema).min(1).max(LIMITS.whiteboardElementsPerUpdate),
          }),
          roles: PARTICIPANTS,
          rate: 'whiteboard',
          handle: async ({ room, actor, socket }, p) => {
            const board = await this.boardOf(room, actor, p.room_id);
            if (!isStaff(actor.role) && (await this.locked(room, board)))
              throw new AppError('FORBIDDEN', 'The whiteboard is locked by the instructor');
            // A batch may carry several versions of one element: only the winner goes on to the stored copy.
            const latest = new Map<string, SceneElement>();
            for (const e of p.elements) {
              const seen = latest.get(e.id);
              if (!seen || incomingWins(seen, e)) latest.set(e.id, e);
            }
            const args: (string | number)[] = [];
            for (const e of latest.values()) {
              const json = JSON.stringify(e);
              if (json.length > LIMITS.whiteboardElementBytes)
                throw new AppError('VALIDATION_ERROR', 'Element too large', { elements: [e.id] });
              args.push(e.id, e.version, e.versionNonce, json);
            }
            const keys = this.keys(room, board);
            const accepted = (await this.ctx.redis.eval(
              RECONCILE_SCRIPT,
              2,
              keys.elements,
              keys.versions,
              LIMITS.whiteboardSceneElements,
              ...args,
            )) as string[];
            if (accepted.length > 0) {
              const winners = new Set(accepted);
              const key = `${room.seminarId}|${board}`;
              const dirty = this.dirty.get(key) ?? new Set<string>();
              accepted.forEach((id) => dirty.add(id));
              this.dirty.set(key, dirty);
              socket.to(this.channelOf(room, board)).emit('whiteboard_update', {
                room_id: board === MAIN_BOARD ? null : board,
                elements: [...latest.values()].filter((e) => winners.has(e.id)),
                from: actor.id,
                timestamp: new Date().toISOString(),
              });
              await this.countEdit(room, actor);
            }
            return { accepted, rejected: p.elements.map((e) => e.id).filter((id) => !accepted.includes(id)) };
          },
        }),

        whiteboard_pointer: liveEvent({
          schema: z.object({
            ...scoped,
            x: z.number().finite(),
            y: z.number().finite(),
            tool: z.enum(['pointer', 'laser']).default('pointer'),
            button: z.enum(['up', 'down']).default('up'),
          }),
          roles: PARTICIPANTS,
          rate: 'pointer',
          handle: async ({ room, actor, socket }, p) => {
            const board = await this.boardOf(room, actor, p.room_id);
            socket.to(this.channelOf(room, board)).volatile.emit('whiteboard_pointer', {
              room_id: board === MAIN_BOARD ? null : board,
              user: { id: actor.id, full_name: actor.name },
              x: p.x,
              y: p.y,
              tool: p.tool,
              button: p.button,
              timestamp: new Date().toISOString(),
            });
          },
        }),

        whiteboard_snapshot: liveEvent({
          schema: z.object(scoped),
          handle: async ({ room, actor }, p) => {
            const board = await this.boardOf(room, actor, p.room_id);
            return {
              room_id: board === MAIN_BOARD ? null : board,
              elements: await this.scene(room, board),
              locked: await this.locked(room, board),
            };
          },
        }),

        whiteboard_lock: liveEvent({
          schema: z.object({ ...scoped, locked: z.boolean() }),
          roles: STAFF,
          handle: async ({ room, actor }, p) => {
            const board = await this.boardOf(room, actor, p.room_id);
            const { lock } = this.keys(room, board);
            if (p.locked) await this.ctx.redis.set(lock, '1');
            else await this.ctx.redis.del(lock);
            await WhiteboardScene.findOneAndUpdate(
              { seminar: room.seminarId, roomKey: board },
              { $set: { locked: p.locked } },
              { upsert: true },
            );
            this.ctx.emit(this.channelOf(room, board), 'whiteboard_lock', {
              room_id: board === MAIN_BOARD ? null : board,
              locked: p.locked,
            });
            return { locked: p.locked };
          },
        }),
      },
      snapshot: async (room, viewer) => {
        const board = await this.boardOf(room, viewer);
        return { whiteboard: { room_id: board === MAIN_BOARD ? null : board, locked: await this.locked(room, board) } };
      },
    };
  }
}
