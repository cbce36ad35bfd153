export { AlertsPanel } from './AlertsPanel.js';
export { BreakoutManager } from './BreakoutManager.js';
export { GradeSyncPanel } from './GradeSyncPanel.js';
export { ParticipantsPanel } from './ParticipantsPanel.js';
export { ParticipationWeightsCard } from './ParticipationWeightsCard.js';
export { PollLauncher } from './PollLauncher.js';
export { SessionControls } from './SessionControls.js';
export { QuizLauncher } from './QuizLauncher.js';
