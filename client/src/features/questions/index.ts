export { QuestionsPanel } from './QuestionsPanel.js';
