import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessagePayload } from '../../api/index.js';
import { chatThreads, type ChatEntry } from '../../state/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

export const CHAT_REACTIONS = ['👍', '❤️', '😂', '❓'] as const;
const TYPING_IDLE_MS = 2500;

function Message(props: {
  entry: ChatEntry;
  selfId: string;
  roomName?: string;
  privateLabel?: string;
  onReply?: () => void;
}) {
  const { t } = useApp();
  const { socket, store } = useRoomServices();
  const { entry } = props;
  const react = async (emoji: string) => {
    const ack = await socket.emit<'chat_react', { reacted: boolean }>('chat_react', { message_id: entry.id, emoji });
    if (ack.ok) store.dispatch({ type: 'chat_reacted', messageId: entry.id, emoji, reacted: ack.reacted });
  };
  if (entry.deleted)
    return (
      <article class="chat__message">
        <p class="muted">{t('chat.deleted')}</p>
      </article>
    );
  return (
    <article class="chat__message" aria-label={t('chat.from', { name: entry.user.full_name })}>
      <header>
        <strong>{entry.user.id === props.selfId ? t('chat.me') : entry.user.full_name}</strong>{' '}
        {props.roomName ? <span class="chip">{props.roomName}</span> : null}{' '}
        {entry.privateWith ? (
          <span class="chip" data-testid="private-chip">
            {props.privateLabel}
          </span>
        ) : null}{' '}
        <time dateTime={entry.at}>
          {new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </time>
      </header>
      <p>
        {entry.message}
        {entry.edited ? <span class="muted"> {t('chat.edited')}</span> : null}
      </p>
      <div class="chat__actions">
        {CHAT_REACTIONS.map((emoji) => {
          const count = entry.reactions[emoji] ?? 0;
          return (
            <button
              key={emoji}
              type="button"
              class="chip"
              aria-pressed={entry.mine.includes(emoji)}
              aria-label={t('chat.react', { emoji, count })}
              onClick={() => void react(emoji)}
            >
              {emoji}
              {count > 0 ? ` ${count}` : ''}
            </button>
          );
        })}
        {props.onReply ? (
          <button type="button" class="link" onClick={props.onReply}>
            {t('chat.reply')}
          </button>
        ) : null}
      </div>
    </article>
  );
}

/** Chat with threads (reply_to), emoji reactions and a typing indicator. */
export function ChatPanel() {
  const { t, claims } = useApp();
  const { socket, store } = useRoomServices();
  const chat = useRoom((s) => s.chat);
  const hasMore = useRoom((s) => s.chatHasMore);
  const history = useAction();
  const loadEarlier = () =>
    history.run(async () => {
      const ack = await socket.emit<'chat_history', { messages: ChatMessagePayload[]; has_more: boolean }>(
        'chat_history',
        { before: chat[0]?.id, limit: 50 },
      );
      if (ack.ok)
        store.dispatch({
          type: 'chat_history_loaded',
          messages: ack.messages,
          hasMore: ack.has_more,
          at: new Date().toISOString(),
        });
      return ack;
    });
  const typing = useRoom((s) => s.typing);
  const rooms = useRoom((s) => s.breakout?.rooms ?? []);
  const roomName = (entry: ChatEntry) => rooms.find((r) => r.room_id === entry.roomId)?.name;
  const [draft, setDraft] = useState('');
  const [replyTo, setReplyTo] = useState<ChatEntry | null>(null);
  const [toStaff, setToStaff] = useState(false);
  const staff = claims.role === 'instructor' || claims.role === 'ta';
  const nameOf = useRoom((s) => s.participants);
  /** Learners see "private to instructors"; staff see whose private conversation it is. */
  const privateLabel = (entry: ChatEntry) =>
    staff && entry.privateWith
      ? t('chat.privateWith', { name: nameOf[entry.privateWith]?.name ?? entry.user.full_name })
      : t('chat.private');
  const { busy, error, run } = useAction();
  const list = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [chat.length]);
  useEffect(() => {
    const id = setInterval(() => store.dispatch({ type: 'typing_expired', now: Date.now() }), 1000);
    return () => clearInterval(id);
  }, [store]);

  const onInput = (value: string) => {
    setDraft(value);
    const now = Date.now();
    if (value && now - typingSent.current > TYPING_IDLE_MS) {
      typingSent.current = now;
      socket.send('chat_typing', { typing: true });
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    const message = draft.trim();
    if (!message) return;
    const ack = await run(() =>
      socket.emit('chat_message', {
        message,
        reply_to: replyTo?.id ?? null,
        ...(toStaff && !replyTo ? { private: true } : {}),
      }),
    );
    if (ack) {
      setDraft('');
      setReplyTo(null);
      typingSent.current = 0;
      socket.send('chat_typing', { typing: false });
    }
  };
  const typers = Object.values(typing).map((entry) => entry.name);

  return (
    <section class="chat" aria-label={t('chat.title')}>
      <div class="chat__list" ref={list} role="log" aria-live="off" tabIndex={0} aria-label={t('chat.history')}>
        {hasMore ? (
          <button type="button" class="link" disabled={history.busy} onClick={() => void loadEarlier()}>
            {history.busy ? t('common.loading') : t('chat.earlier')}
          </button>
        ) : null}
        {history.error ? (
          <p class="error" role="alert">
            {history.error}
          </p>
        ) : null}
        {chat.length === 0 ? <p class="muted">{t('chat.empty')}</p> : null}
        {chatThreads(chat).map(({ root, replies }) => (
          <div class="chat__thread" key={root.id}>
            <Message
              entry={root}
              selfId={claims.sub}
              roomName={roomName(root)}
              privateLabel={privateLabel(root)}
              onReply={() => {
                setReplyTo(root);
                input.current?.focus();
              }}
            />
            {replies.length > 0 ? (
              <div class="chat__replies" aria-label={t('chat.replies', { count: replies.length })}>
                {replies.map((reply) => (
                  <Message key={reply.id} entry={reply} selfId={claims.sub} privateLabel={privateLabel(reply)} />
                ))}
              </div>
            ) : null}
          </div>
        ))}
      </div>
      <p class="chat__typing muted" aria-live="off">
        {typers.length > 0 ? t('chat.typing', { names: typers.slice(0, 3).join(', ') }) : ''}
      </p>
      <form class="chat__form" onSubmit={send}>
        {replyTo ? (
          <div class="chat__replying">
            {t('chat.replyingTo', { name: replyTo.user.full_name })}
            <button type="button" class="link" onClick={() => setReplyTo(null)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : null}
        <label class="visually-hidden" for="chat-input">
          {t('chat.placeholder')}
        </label>
        <textarea
          id="chat-input"
          ref={input}
          rows={2}
          maxLength={2000}
          placeholder={t('chat.placeholder')}
          value={draft}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) void send(e);
          }}
        />
        {staff || replyTo ? null : (
          <label class="choice">
            <input
              type="checkbox"
              checked={toStaff}
              onChange={(e) => setToStaff((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('chat.toStaff')}
          </label>
        )}
        <button type="submit" class="primary" disabled={busy || !draft.trim()}>
          {busy ? t('common.sending') : t('chat.send')}
        </button>
        <ErrorText error={error} />
      </form>
    </section>
  );
}
