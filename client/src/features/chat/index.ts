export { ChatPanel, CHAT_REACTIONS } from './ChatPanel.js';
