export { AiAssistPanel } from './AiAssistPanel.js';
export { CheckpointSuggestions } from './CheckpointSuggestions.js';
export { LiveCaptions } from './LiveCaptions.js';
export { SummaryNotePanel } from './SummaryNotePanel.js';
export { isDraftReady, patchQuestion, removeQuestion, setOption, toggleCorrect } from './draft-quiz.js';
export { reasonKey } from './assist-reasons.js';
export { KEPT_SUGGESTIONS, mergeSuggestions } from './suggestion-list.js';
