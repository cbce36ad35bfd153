export { isAnswered } from './answers.js';
export { QuizCard } from './QuizCard.js';
export { QuizCountdown } from './QuizCountdown.js';
export { useQuizWatcher } from './use-quiz-watcher.js';
export { announceQuizChange, onQuizChange } from './quiz-changes.js';
