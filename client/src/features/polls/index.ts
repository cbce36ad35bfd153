export { PollCard, pollBars } from './PollCard.js';
