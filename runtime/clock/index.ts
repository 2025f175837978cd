export { type Clock, abortReason } from './clock.ts';
export { systemClock } from './system-clock.ts';
export { ManualClock } from './manual-clock.ts';
