import type { Readable } from 'node:stream';
import { abortReason } from '../../clock/index.ts';

export interface BoundedBody {
  /** At most `maxBytes`. */
  readonly bytes: Buffer;
  /** Bytes received before reading stopped (more than `bytes.length` when truncated). */
  readonly received: number;
  readonly truncated: boolean;
}

/** Reads a body up to `maxBytes`; past that it stops reading and drops the connection. */
export function readBounded(stream: Readable, maxBytes: number, signal: AbortSignal): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let settled = false;
    const finish = (truncated: boolean): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve({ bytes: Buffer.concat(chunks, kept), received, truncated });
    };
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(abortReason(signal));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (kept < maxBytes) {
        const take = chunk.subarray(0, maxBytes - kept);
        chunks.push(take);
        kept += take.length;
      }
      if (received > maxBytes) {
        stream.destroy();
        finish(true);
      }
    });
    stream.on('end', () => finish(false));
    stream.on('error', (error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}
