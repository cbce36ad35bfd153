export { HandButton, HandQueue } from './HandButton.js';
