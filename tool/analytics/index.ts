export * from './early-warning.js';
