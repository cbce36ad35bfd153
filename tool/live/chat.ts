import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../http/index.js';
import {
  ChatMessage,
  ChatReaction,
  ChatReadState,
  MAX_REACTION_KINDS_PER_MESSAGE,
  type ChatMessageDoc,
} from '../store/index.js';
import { channels } from './context.js';
import { emoji } from './emoji.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, PARTICIPANTS, type Actor, type Room } from './room.js';
import { objectId, plainText } from './sanitize.js';

type ChatDoc = InstanceType<typeof ChatMessage>;
type ChatLean = ChatMessageDoc & { _id: Types.ObjectId };

/** The wire shape of a chat message (seed 000 §5 `chat_message` plus ours). */
export function chatPayload(doc: ChatLean) {
  const deleted = Boolean(doc.deletedAt);
  const raw = doc.reactionCounts as Map<string, number> | Record<string, number> | undefined;
  const counts = raw instanceof Map ? Object.fromEntries(raw) : (raw ?? {});
  return {
    message_id: String(doc._id),
    user: { id: String(doc.author), full_name: doc.authorName, role: doc.authorRole },
    message: deleted ? '' : doc.text,
    reply_to: doc.replyTo ? String(doc.replyTo) : null,
    thread_id: doc.thread ? String(doc.thread) : null,
    reply_count: doc.replyCount,
    private: Boolean(doc.privateWith),
    private_with: doc.privateWith ? String(doc.privateWith) : null,
    room_id: doc.breakout ? String(doc.breakout) : null,
    reactions: deleted ? {} : counts,
    edited_at: doc.editedAt ? doc.editedAt.toISOString() : null,
    deleted,
    created_at: new Date(doc.createdAt).toISOString(),
  };
}

/** Who receives events about a message: a private conversation, a breakout room (+ staff), or everyone. */
function audience(room: Room, doc: ChatLean): string[] {
  if (doc.privateWith) return [room.staffChannel, channels.user(String(doc.privateWith))];
  if (doc.breakout) return [channels.breakout(room.seminarId, String(doc.breakout)), room.staffChannel];
  return [room.channel];
}

function canSee(viewer: Actor, doc: ChatLean): boolean {
  return !doc.privateWith || isStaff(viewer.role) || String(doc.privateWith) === viewer.id;
}

async function visibleMessage(room: Room, viewer: Actor, id: string): Promise<ChatDoc> {
  const doc = await ChatMessage.findOne({ _id: id, seminar: room.seminarId });
  if (!doc || !canSee(viewer, doc.toObject())) throw new AppError('NOT_FOUND', 'Message not found');
  return doc;
}

/** The chat scope a user writes to and reads by default: their breakout room while one runs, else main. */
async function scopeOf(room: Room, actor: Actor, requested?: string): Promise<string | null> {
  if (isStaff(actor.role)) return requested ?? null;
  return room.breakoutOf(actor.id);
}

export const chatHistorySchema = z.object({
  before: objectId.optional(),
  limit: z.number().int().min(1).max(LIMITS.chatPageMax).default(LIMITS.chatPageDefault),
  thread_id: objectId.optional(),
  room_id: objectId.optional(),
});

/** A page of messages visible to the viewer, oldest first; `next_before` pages further back. */
export async function chatHistory(room: Room, viewer: Actor, query: z.output<typeof chatHistorySchema>) {
  const filter: Record<string, unknown> = { seminar: room.seminarId };
  if (query.thread_id) {
    filter.thread = query.thread_id;
    if (!isStaff(viewer.role)) filter.breakout = await scopeOf(room, viewer);
  } else Object.assign(filter, { thread: null, breakout: await scopeOf(room, viewer, query.room_id) });
  if (!isStaff(viewer.role)) filter.$or = [{ privateWith: null }, { privateWith: viewer.id }];
  if (query.before) filter._id = { $lt: new Types.ObjectId(query.before) };
  const docs = await ChatMessage.find(filter)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean();
  const hasMore = docs.length > query.limit;
  const page = docs.slice(0, query.limit).reverse();
  return {
    messages: page.map((d) => chatPayload(d as unknown as ChatLean)),
    has_more: hasMore,
    next_before: hasMore && page[0] ? String(page[0]._id) : null,
  };
}

export function chatFeature(): Feature {
  return {
    events: {
      chat_message: liveEvent({
        schema: z.object({
          message: plainText(LIMITS.chatChars),
          reply_to: objectId.nullish(),
          private: z.boolean().optional(),
          to_user_id: objectId.optional(),
          room_id: objectId.optional(),
        }),
        roles: PARTICIPANTS,
        rate: 'chat',
        async handle({ room, actor }, p) {
          await room.requireStatus('WAITING', 'LIVE');
          const staff = isStaff(actor.role);
          if (p.to_user_id && !staff) throw new AppError('FORBIDDEN', 'Learners can only write privately to staff');
          let privateWith: string | null = staff ? (p.to_user_id ?? null) : p.private ? actor.id : null;
          let thread: Types.ObjectId | null = null;
          let breakout: string | null = privateWith ? null : await scopeOf(room, actor, p.room_id);
          if (p.reply_to) {
            const parent = (await visibleMessage(room, actor, p.reply_to)).toObject();
            thread = (parent.thread as Types.ObjectId | null) ?? (parent._id as Types.ObjectId);
            privateWith = parent.privateWith ? String(parent.privateWith) : null;
            breakout = parent.breakout ? String(parent.breakout) : null;
          }
          const doc = await ChatMessage.create({
            seminar: room.seminarId,
            breakout,
            author: actor.id,
            authorName: actor.name,
            authorRole: actor.role,
            text: p.message,
            replyTo: p.reply_to ?? null,
            thread,
            privateWith,
          });
          if (thread) await ChatMessage.updateOne({ _id: thread }, { $inc: { replyCount: 1 } });
          const message = chatPayload(doc.toObject());
          room.ctx.emit(audience(room, doc.toObject()), 'chat_message', message);
          await room.countActivity(actor.id, 'chat');
          return { message };
        },
      }),

      chat_edit: liveEvent({
        schema: z.object({ message_id: objectId, message: plainText(LIMITS.chatChars) }),
        roles: PARTICIPANTS,
        rate: 'chat',
        async handle({ room, actor }, p) {
          const doc = await visibleMessage(room, actor, p.message_id);
          if (String(doc.author) !== actor.id) throw new AppError('FORBIDDEN', 'Only the author can edit a message');
          if (doc.deletedAt) throw new AppError('CONFLICT', 'The message was deleted');
          doc.text = p.message;
          doc.editedAt = new Date();
          await doc.save();
          const message = chatPayload(doc.toObject());
          room.ctx.emit(audience(room, doc.toObject()), 'chat_message_updated', message);
          return { message };
        },
      }),

      chat_delete: liveEvent({
        schema: z.object({ message_id: objectId }),
        roles: PARTICIPANTS,
        async handle({ room, actor }, p) {
          const doc = await visibleMessage(room, actor, p.message_id);
          if (String(doc.author) !== actor.id && !isStaff(actor.role))
            throw new AppError('FORBIDDEN', 'Only the author or staff can delete a message');
          if (!doc.deletedAt) {
            doc.deletedAt = new Date();
            doc.deletedBy = new Types.ObjectId(actor.id);
            doc.text = '';
            await doc.save();
          }
          room.ctx.emit(audience(room, doc.toObject()), 'chat_message_deleted', {
            message_id: p.message_id,
            deleted_by: actor.id,
          });
        },
      }),

      chat_react: liveEvent({
        schema: z.object({ message_id: objectId, emoji }),
        roles: PARTICIPANTS,
        rate: 'reaction',
        async handle({ room, actor }, p) {
          const doc = await visibleMessage(room, actor, p.message_id);
          if (doc.deletedAt) throw new AppError('CONFLICT', 'The message was deleted');
          const key = { message: doc._id, user: actor.id, emoji: p.emoji };
          const removed = await ChatReaction.findOneAndDelete(key);
          if (!removed) {
            const counts = doc.reactionCounts as Map<string, number>;
            if (!counts.has(p.emoji) && counts.size >= MAX_REACTION_KINDS_PER_MESSAGE)
              throw new AppError('CONFLICT', 'This message has too many different reactions');
            await ChatReaction.create({ ...key, seminar: room.seminarId });
          }
          const updated = await ChatMessage.findOneAndUpdate(
            { _id: doc._id },
            { $inc: { [`reactionCounts.${p.emoji}`]: removed ? -1 : 1 } },
            { new: true },
          );
          const counts = updated!.reactionCounts as Map<string, number>;
          if ((counts.get(p.emoji) ?? 0) <= 0) {
            await ChatMessage.updateOne({ _id: doc._id }, { $unset: { [`reactionCounts.${p.emoji}`]: 1 } });
            counts.delete(p.emoji);
          }
          const reactions = Object.fromEntries(counts);
          room.ctx.emit(audience(room, updated!.toObject()), 'chat_reaction', { message_id: p.message_id, reactions });
          return { reacted: !removed, reactions };
        },
      }),

      chat_typing: liveEvent({
        schema: z.object({ typing: z.boolean().default(true), room_id: objectId.optional() }),
        roles: PARTICIPANTS,
        rate: 'typing',
        async handle({ room, actor, socket }, p) {
          const breakout = await scopeOf(room, actor, p.room_id);
          const target = breakout ? channels.breakout(room.seminarId, breakout) : room.channel;
          socket.to(target).volatile.emit('chat_typing', {
            user: { id: actor.id, full_name: actor.name },
            typing: p.typing,
            timestamp: new Date().toISOString(),
          });
        },
      }),

      chat_read: liveEvent({
        schema: z.object({ message_id: objectId }),
        async handle({ room, actor }, p) {
          const id = new Types.ObjectId(p.message_id);
          const state = await ChatReadState.findOne({ seminar: room.seminarId, user: actor.id }).lean();
          if (!state || String(state.lastRead) < p.message_id) {
            await ChatReadState.findOneAndUpdate(
              { seminar: room.seminarId, user: actor.id },
              { $set: { lastRead: id } },
              { upsert: true },
            );
          }
          return { last_read: state && String(state.lastRead) > p.message_id ? String(state.lastRead) : p.message_id };
        },
      }),

      chat_history: liveEvent({
        schema: chatHistorySchema,
        async handle({ room, actor }, p) {
          return chatHistory(room, actor, p);
        },
      }),
    },

    async snapshot(room, viewer) {
      const recent = await chatHistory(room, viewer, { limit: LIMITS.chatPageDefault });
      const state = await ChatReadState.findOne({ seminar: room.seminarId, user: viewer.id }).lean();
      const lastRead = state ? String(state.lastRead) : null;
      const unread = recent.messages.filter((m) => (!lastRead || m.message_id > lastRead) && m.user.id !== viewer.id);
      return { chat: { ...recent, last_read: lastRead, unread_count: unread.length } };
    },
  };
}
