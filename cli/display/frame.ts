import { formatDuration } from '../../stdlib/index.ts';
import type { RunProgress, Tally } from './run-progress.ts';

export interface FrameStyle {
  readonly color: boolean;
  /** `TERM=dumb`-like terminals: `#`, `x` and `-` instead of block characters. */
  readonly ascii: boolean;
}

export interface FrameOptions {
  /** `Applying hello.mbp`. */
  readonly title: string;
  readonly style: FrameStyle;
  /** Terminal columns: every line is cut to fit, so none wraps. */
  readonly width: number;
  /** Executor clock now, and when the run started. */
  readonly now: number;
  readonly started: number;
  /** The run's id once it exists (`mbp runs show ID`). */
  readonly runId?: string;
  /** Running steps listed before `… and N more`. */
  readonly maxRunning?: number;
}

export const MAX_RUNNING = 8;

type Tone = 'bold' | 'dim' | 'red' | 'green' | 'yellow';
type Segment = readonly [text: string, tone?: Tone];

const SGR: Readonly<Record<Tone, string>> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33' };

/** Joins segments, cut to `width` visible characters (an ellipsis marks the cut); colour codes only with colour on. */
function line(segments: readonly Segment[], width: number, color: boolean): string {
  let room = Math.max(1, width);
  let out = '';
  for (const [raw, tone] of segments) {
    if (room <= 0) break;
    const text = raw.length > room ? `${raw.slice(0, Math.max(0, room - 1))}…` : raw;
    room -= text.length;
    out += color && tone !== undefined && text !== '' ? `\x1b[${SGR[tone]}m${text}\x1b[0m` : text;
  }
  return out;
}

/** `4.2s` under a minute, then `1m05s` (whole seconds). */
export function elapsed(ms: number): string {
  const m = Math.max(0, ms);
  return m < 60_000 ? `${(m / 1000).toFixed(1)}s` : formatDuration(Math.floor(m / 1000) * 1000).replace(/m(\d)s$/, 'm0$1s');
}

/** Keeps the end of a step id, where the instance and the step are, marking the cut with an ellipsis. */
function cutLeft(text: string, room: number): string {
  return text.length <= room ? text : `…${text.slice(text.length - Math.max(1, room - 1))}`;
}

function barSegments(t: Tally, cells: number, style: FrameStyle): Segment[] {
  const ratio = (n: number): number => (t.total === 0 ? 0 : Math.round((n / t.total) * cells));
  const good = ratio(t.done);
  const bad = Math.max(0, ratio(t.done + t.failed + t.skipped + t.stopped) - good);
  const [full, broken, empty] = style.ascii ? ['#', 'x', '-'] : ['█', '▓', '░'];
  return [
    [full.repeat(good), 'green'],
    [broken.repeat(bad), t.failed > 0 ? 'red' : 'yellow'],
    [empty.repeat(Math.max(0, cells - good - bad)), 'dim'],
  ];
}

function tallyRow(t: Tally, unit: string, nameWidth: number, o: FrameOptions): string {
  const barCells = Math.min(30, Math.max(8, o.width - nameWidth - 44));
  const counts: Segment[] = [[`  ${t.done}/${t.total}${unit}`]];
  if (t.failed > 0) counts.push([`  ${t.failed} failed`, 'red']);
  if (t.skipped > 0) counts.push([`  ${t.skipped} skipped`, 'yellow']);
  if (t.stopped > 0) counts.push([`  ${t.stopped} stopped`, 'yellow']);
  if (t.running > 0) counts.push([`  ${t.running} running`, 'dim']);
  const name = cutLeft(t.name, nameWidth).padEnd(nameWidth);
  return line([[`  ${name}  `], ...barSegments(t, barCells, o.style), ...counts], o.width, o.style.color);
}

/** Phases before the arrays (pre_deploy, the network) and after them (post_deploy), one bar per array between. */
function rows(progress: RunProgress, o: FrameOptions): string[] {
  const { arrays, phases } = progress.tallies();
  const before = phases.filter((p) => !/\/post_[a-z]+$/.test(p.name));
  const after = phases.filter((p) => /\/post_[a-z]+$/.test(p.name));
  const nameWidth = Math.min(28, Math.max(8, ...[...arrays, ...phases].map((t) => t.name.length)));
  return [
    ...before.map((t) => tallyRow(t, ' steps', nameWidth, o)),
    ...arrays.map((t) => tallyRow(t, '', nameWidth, o)),
    ...after.map((t) => tallyRow(t, ' steps', nameWidth, o)),
  ];
}

function bounded(ids: readonly string[], max: number, o: FrameOptions, show: (id: string) => Segment[]): string[] {
  const shown = ids.length > max + 1 ? ids.slice(0, max) : ids;
  const out = shown.map((id) => line(show(id), o.width, o.style.color));
  if (shown.length < ids.length) out.push(line([[`    … and ${ids.length - shown.length} more`, 'dim']], o.width, o.style.color));
  return out;
}

/** `Applying hello.mbp  12s  run ID`: the run id last, the first cut on a narrow terminal. */
function headerOf(o: FrameOptions): Segment[] {
  const header: Segment[] = [[o.title, 'bold'], [`  ${elapsed(o.now - o.started)}`, 'dim']];
  if (o.runId !== undefined) header.push([`  run ${o.runId}`, 'dim']);
  return header;
}

/** The live area: a header, a line per phase and per array, then the running steps (oldest first, bounded). */
export function liveFrame(progress: RunProgress, o: FrameOptions): string {
  const header = headerOf(o);
  if (progress.interrupted !== undefined) header.push(['  interrupted: stopping the running steps', 'yellow']);
  const running = [...progress.running.values()].sort((a, b) => a.since - b.since);
  const byId = new Map(running.map((r) => [r.id, r]));
  const arrow = o.style.ascii ? '>' : '▸';
  const list = bounded(running.map((r) => r.id), o.maxRunning ?? MAX_RUNNING, o, (id) => {
    const r = byId.get(id)!;
    const when = `  ${elapsed(o.now - r.since)}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}`;
    return [[`  ${arrow} `, 'dim'], [cutLeft(id, o.width - 5 - when.length)], [when, 'dim']];
  });
  return [line(header, o.width, o.style.color), ...rows(progress, o), ...list].join('\n');
}

/** What stays when the run ends: the header with the time taken, the final bars, and what the interruption stopped. */
export function summaryFrame(progress: RunProgress, o: FrameOptions): string {
  const out = [line(headerOf(o), o.width, o.style.color), ...rows(progress, o)];
  if (progress.interrupted !== undefined) {
    const stopped = progress.stopped;
    out.push(line([[`interrupted (${progress.interrupted}): ${stopped.length} running step(s) stopped${stopped.length > 0 ? ':' : ''}`, 'yellow']], o.width, o.style.color));
    out.push(...bounded(stopped, o.maxRunning ?? MAX_RUNNING, o, (id) => [['    '], [cutLeft(id, o.width - 5)]]));
  }
  return out.join('\n');
}
