/** Small helpers shared by the benchmark scripts. */
import os from 'node:os';

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Peak resident set size of this process so far (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function printTable(title: string, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${title}\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
}

/** The machine a figure was measured on; recorded beside every result, since the host is shared. */
export function machineRows(): [string, string][] {
  const cpus = os.cpus();
  const [one, five, fifteen] = os.loadavg().map((l) => l.toFixed(2));
  return [
    ['cpus', `${os.availableParallelism()} × ${cpus[0]?.model ?? 'unknown'}`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['node', process.version],
    ['load average', `${one} ${five} ${fifteen} (1, 5, 15 min)`],
  ];
}

export function printMachine(): void {
  printTable('machine', machineRows());
}

/** `12.3 ms` for a duration, `1.23 s` past ten seconds. */
export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

/** Median and 95th percentile of durations, e.g. `212.4 ms (p95 260.1 ms, n=10)`. */
export function spread(xs: readonly number[]): string {
  return `${ms(median(xs))} (p95 ${ms(percentile(xs, 95))}, min ${ms(Math.min(...xs))}, n=${xs.length})`;
}

/**
 * A generated blueprint: one infrastructure `name` in dc-east with `arrays`
 * instance arrays (`array_0`…) of `perArray` instances each, server types
 * taken in turn from `types`, one port on a WAN network whose one subnet has
 * room for every instance's address.
 */
export function arraysBlueprint(name: string, arrays: number, perArray: number, types: readonly string[]): string {
  const prefix = Math.min(28, 32 - Math.ceil(Math.log2(perArray * arrays + 8)));
  const out = [`infrastructure ${name} {`, '  datacenter = "dc-east"', '  network wan { kind = "wan" }', `  subnet main { network = wan, prefix = ${prefix} }`];
  for (let a = 0; a < arrays; a++) {
    out.push(`  instance_array array_${a} {`, `    server_type = "${types[a % types.length]}"`, `    count = ${perArray}`, '    template = std.os.ubuntu_2404', '    port 0 { network = wan }', '  }');
  }
  out.push('}', '');
  return out.join('\n');
}
