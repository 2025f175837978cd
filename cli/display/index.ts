// How `mbp apply` and `mbp destroy` report a run: the live terminal display,
// the plain line log, or JSON lines (runtime/apply/progress.ts has the last two).
export { runOutput, outputMode, type OutputMode, type RunOutput, type RunOutputOptions } from './run-output.ts';
export { LiveDisplay, type LiveDisplayOptions } from './live-display.ts';
export { layoutOf, type DisplayLayout, type LayoutInstance } from './layout.ts';
export { RunProgress, type Tally, type RunningStep } from './run-progress.ts';
export { liveFrame, summaryFrame, elapsed, type FrameOptions, type FrameStyle } from './frame.ts';
