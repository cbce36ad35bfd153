export { PulseButtons, PulseGauge } from './Pulse.js';
