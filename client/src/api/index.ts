export * from './events.js';
export * from './rest.js';
export * from './socket.js';
