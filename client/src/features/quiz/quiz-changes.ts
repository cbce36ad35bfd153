/**
 * A quiz was created or published outside the QuizLauncher (an AI checkpoint draft): the launcher reloads its
 * list. In-page only; other staff tabs see it on their next load.
 */
const changes = new EventTarget();

export function announceQuizChange(): void {
  changes.dispatchEvent(new Event('change'));
}

export function onQuizChange(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}
