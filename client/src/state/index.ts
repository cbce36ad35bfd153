export * from './room.js';
export * from './store.js';
export * from './breakout-plan.js';
export * from './live-quiz.js';
