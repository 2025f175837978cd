import { createLogUpdate } from 'log-update';
import { eventLine } from '../../runtime/apply/index.ts';
import type { ExecEvent, ExecObserver } from '../../runtime/executor/index.ts';
import type { OutputStream } from '../io.ts';
import { liveFrame, MAX_RUNNING, summaryFrame, type FrameOptions, type FrameStyle } from './frame.ts';
import type { DisplayLayout } from './layout.ts';
import { RunProgress } from './run-progress.ts';

export interface LiveDisplayOptions {
  /** A terminal: `columns` and `rows` are read at every redraw, so a resized window is followed. */
  readonly stream: OutputStream;
  /** The first line, `Applying hello.mbp`. */
  readonly title: string;
  /** The run's arrays and phases, for the totals (without it they grow as nodes appear). */
  readonly layout?: DisplayLayout;
  readonly style: FrameStyle;
  /** The executor's clock: events carry its time, running steps show their age against it. */
  readonly now: () => number;
  /** Least time between two redraws: 100 ms (at most ten a second). 0: no timer, redraw on `flush()` only (tests). */
  readonly frameMs?: number;
}

/** Events that stay above the live area as a log, in the plain log's words. */
const KEPT: Partial<Record<ExecEvent['type'], 'red' | 'dim' | 'yellow'>> = { failure: 'red', retry: 'dim', 'group-stopped': 'yellow', interrupt: 'yellow' };

const SGR = { red: '31', dim: '2', yellow: '33' } as const;

type Writer = (text: string) => void;

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** A terminal that does not say its size. */
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/**
 * The live terminal display of a run: a header, a bar per instance array
 * and a line per infrastructure phase, then the running steps, redrawn in
 * place (log-update) at most every `frameMs`. Failures, retries, stopped
 * rollouts and any text written through `above` are printed above the live
 * area and scroll like a log. `close` replaces the live area with the final
 * summary and shows the cursor again.
 */
export class LiveDisplay implements ExecObserver {
  private readonly progress: RunProgress;
  private readonly update: ReturnType<typeof createLogUpdate>;
  private readonly started: number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Text waiting to go above the live area at the next redraw, with the stream it goes to. */
  private readonly pending: [Writer, string][] = [];
  private dirty = true;
  private closed = false;
  private runId: string | undefined;

  constructor(private readonly options: LiveDisplayOptions) {
    this.progress = new RunProgress(options.layout);
    this.started = options.now();
    const stream = options.stream;
    // log-update wants a Node stream; it only calls write and reads isTTY, columns and rows.
    const terminal = {
      write: (text: string) => void stream.write(text),
      isTTY: true,
      get columns() {
        return stream.columns ?? DEFAULT_COLUMNS;
      },
      get rows() {
        return stream.rows ?? DEFAULT_ROWS;
      },
    };
    // The cursor is hidden on the display's own stream (log-update would use stderr), and shown again even on a hard exit (a second Ctrl-C).
    this.update = createLogUpdate(terminal as unknown as NodeJS.WritableStream, { showCursor: true });
    stream.write(HIDE_CURSOR);
    process.once('exit', this.showCursor);
    this.flush();
    const frameMs = options.frameMs ?? 100;
    if (frameMs > 0) {
      this.timer = setInterval(() => this.tick(), frameMs);
      this.timer.unref();
    }
  }

  onEvent(e: ExecEvent): void {
    if (this.closed) return;
    this.progress.apply(e);
    this.dirty = true;
    const tone = KEPT[e.type];
    const text = tone === undefined ? undefined : eventLine(e);
    if (tone !== undefined && text !== undefined) {
      this.pending.push([this.write, this.options.style.color ? `\x1b[${SGR[tone]}m${text}\x1b[0m\n` : `${text}\n`]);
    }
  }

  /** The run's id, for the header: the apply layer makes it after the display has started. */
  setRunId(runId: string): void {
    this.runId = runId;
    this.dirty = true;
  }

  /** Text that stays (inventory commits, messages): above the live area, on `write` (default: the display's stream). */
  above(text: string, write: Writer = this.write): void {
    if (this.closed) write(text);
    else {
      this.pending.push([write, text]);
      this.dirty = true;
    }
  }

  /** Redraws now: kept text first, then the live area. */
  flush(): void {
    if (this.closed) return;
    this.dirty = false;
    if (this.pending.length > 0) {
      this.update.clear();
      for (const [write, text] of this.pending.splice(0)) write(text);
    }
    this.update(liveFrame(this.progress, this.frameOptions()));
  }

  /** The live area becomes the final summary; the cursor comes back. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.update.clear();
    this.write(`${summaryFrame(this.progress, this.frameOptions())}\n`);
    this.update.done();
    this.showCursor();
    process.off('exit', this.showCursor);
  }

  private readonly showCursor = (): void => this.write(SHOW_CURSOR);

  private readonly write: Writer = (text) => this.options.stream.write(text);

  /** Running steps still tick their elapsed time while nothing else changes. */
  private tick(): void {
    if (this.dirty || this.pending.length > 0 || this.progress.running.size > 0) this.flush();
  }

  private frameOptions(): FrameOptions {
    const { arrays, phases } = this.progress;
    // Room for the header, the bars and `… and N more` in the terminal's height: a taller frame could not be redrawn in place.
    const rows = this.options.stream.rows ?? DEFAULT_ROWS;
    const maxRunning = Math.max(1, Math.min(MAX_RUNNING, rows - 3 - arrays.size - phases.size));
    return {
      title: this.options.title,
      style: this.options.style,
      width: Math.max(20, (this.options.stream.columns ?? DEFAULT_COLUMNS) - 1),
      now: this.options.now(),
      started: this.started,
      ...(this.runId !== undefined ? { runId: this.runId } : {}),
      maxRunning,
    };
  }
}
