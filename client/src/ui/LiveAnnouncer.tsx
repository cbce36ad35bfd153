import { useApp, useRoom } from './app-context.js';

/** Screen-reader announcements for new chat, hands, polls, quizzes and breakouts (one polite live region). */
export function LiveAnnouncer() {
  const { t } = useApp();
  const notice = useRoom((s) => s.notice);
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {notice ? t(notice.text, notice.params) : ''}
    </div>
  );
}
