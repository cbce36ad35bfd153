export { QuizCard } from './QuizCard.js';
