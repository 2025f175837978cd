// Preloaded into a child process the benchmarks start (`node --import ./bench/peak-rss.mjs …`):
// on exit it writes the process's peak resident set size, in KiB, to the file
// MBP_BENCH_PEAK_RSS_FILE names, so a figure is the real command's and not the harness's.
import fs from 'node:fs';

const file = process.env.MBP_BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
