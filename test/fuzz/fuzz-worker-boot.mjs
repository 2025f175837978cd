// A worker thread does not inherit the parent's `--import tsx` loader hooks;
// this plain-JS entry registers them, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./fuzz-worker.ts');
