export { BreakoutBanner } from './BreakoutBanner.js';
