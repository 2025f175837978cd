import { Option } from 'commander';

/** `--format`, with the formats this command supports (`sarif` only where it makes sense). */
export function formatOption<const F extends string>(formats: readonly F[]): Option {
  return new Option('--format <format>', 'output format').choices(formats).default(formats[0]);
}

/** The `Examples:` section appended to a command's help. */
export function examples(lines: readonly (readonly [command: string, what: string])[]): string {
  const width = Math.max(...lines.map(([command]) => command.length));
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command.padEnd(width)}  ${what}`).join('\n')}\n`;
}
