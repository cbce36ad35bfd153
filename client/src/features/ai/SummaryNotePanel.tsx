import { useEffect, useState } from 'preact/hooks';
import { ApiError, type SummaryNoteResponse } from '../../api/index.js';
import { ErrorText, useAction, useApp, useRoomServices } from '../../ui/index.js';
import { reasonKey } from './assist-reasons.js';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A headed list of note items; nothing when there are none. */
function NoteList(props: { heading: string; items: string[] }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h5>{props.heading}</h5>
      <ul>
        {props.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

/** The note as learners read it (plain text: the model's markdown is never rendered as HTML). */
function NoteText(props: { note: SummaryNoteResponse }) {
  const { t } = useApp();
  const { note } = props;
  return (
    <div class="stack">
      <h4>{note.title}</h4>
      <p style={{ whiteSpace: 'pre-wrap' }}>{note.summary}</p>
      <NoteList heading={t('ai.keyPoints')} items={note.key_points} />
      <NoteList heading={t('ai.unanswered')} items={note.unanswered_questions} />
      <NoteList heading={t('ai.selfTest')} items={note.self_test.map((q) => q.question_text)} />
    </div>
  );
}

/** Staff: review the draft (or write the note the AI could not), then approve it for the class. */
function NoteEditor(props: { note: SummaryNoteResponse; onSaved(note: SummaryNoteResponse): void }) {
  const { t, api } = useApp();
  const { note } = props;
  const [title, setTitle] = useState(note.title);
  const [summary, setSummary] = useState(note.summary);
  const [points, setPoints] = useState(note.key_points.join('\n'));
  const { busy, error, run } = useAction();
  const save = () => run(() => api.editSummaryNote({ title, summary, key_points: lines(points) }));
  const act = async (action: () => Promise<SummaryNoteResponse | undefined>) => {
    const saved = await action();
    if (saved) props.onSaved(saved);
  };
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void act(save);
      }}
    >
      <label>
        {t('ai.noteTitle')}
        <input value={title} maxLength={255} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        {t('ai.noteSummary')}
        <textarea
          rows={8}
          value={summary}
          onInput={(e) => setSummary((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <label>
        {t('ai.keyPointsOnePerLine')}
        <textarea rows={4} value={points} onInput={(e) => setPoints((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <div class="row">
        <button type="submit" disabled={busy || !title.trim() || !summary.trim()}>
          {t('ai.save')}
        </button>
        {note.status === 'draft' ? (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => void act(async () => ((await save()) ? run(() => api.approveSummaryNote()) : undefined))}
          >
            {t('ai.approve')}
          </button>
        ) : null}
        {note.status === 'failed' ? (
          <button type="button" disabled={busy} onClick={() => void act(() => run(() => api.draftSummaryNote()))}>
            {t('ai.redraft')}
          </button>
        ) : null}
      </div>
      <ErrorText error={error} />
    </form>
  );
}

/**
 * The end-of-session summary note. Staff see the draft as soon as `summary_ready` says it is there, edit and
 * approve it; learners (attendees and absentees on the roster) see it only once approved, otherwise nothing.
 */
export function SummaryNotePanel(props: { staff: boolean }) {
  const { t, api } = useApp();
  const { socket } = useRoomServices();
  const [note, setNote] = useState<SummaryNoteResponse | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      api.summaryNote().then(
        (n) => alive && setNote(n),
        (err: unknown) => {
          if (!(err instanceof ApiError && (err.status === 404 || err.status === 403))) throw err;
        },
      );
    void load().catch(() => undefined);
    const stop = props.staff ? socket.listen('summary_ready', () => void load().catch(() => undefined)) : undefined;
    return () => {
      alive = false;
      stop?.();
    };
  }, [api, socket, props.staff]);

  if (!note) return null;
  return (
    <section class="card" aria-labelledby="summary-note-title" data-testid="summary-note">
      <h3 id="summary-note-title">{t('ai.summaryNote')}</h3>
      {props.staff ? <p class="muted">{t(`ai.noteStatus.${note.status}`)}</p> : null}
      {note.status === 'failed' ? (
        <p class="error" role="status">
          {t('ai.noDraft')} — {t(reasonKey(note.failure_reason))}
        </p>
      ) : null}
      {props.staff ? (
        <NoteEditor key={note.id + note.status} note={note} onSaved={setNote} />
      ) : (
        <NoteText note={note} />
      )}
    </section>
  );
}
