import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseParamFlag, ParamFlagError } from '../compiler/params/index.ts';

/** `--format`, with the formats this command supports (`sarif` only where it makes sense). */
export function formatOption<const F extends string>(formats: readonly F[]): Option {
  return new Option('--format <format>', 'output format').choices(formats).default(formats[0]);
}

/** The `Examples:` section appended to a command's help. */
export function examples(lines: readonly (readonly [command: string, what: string])[]): string {
  const width = Math.max(...lines.map(([command]) => command.length));
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command.padEnd(width)}  ${what}`).join('\n')}\n`;
}

/** Validates one `--param NAME=VALUE` (a malformed one is a usage error) and collects it. */
function collectParam(value: string, previous: readonly string[] = []): string[] {
  try {
    parseParamFlag(value);
  } catch (error) {
    if (error instanceof ParamFlagError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return [...previous, value];
}

/** `--param` and `--params`, for every command that reads a blueprint's inputs. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--param <name=value>', "a param value, read as the param's type (repeatable; lists, maps and objects as JSON)", collectParam, [] as string[])
    .option('--params <file>', 'a JSON file of param values by name (a --param wins over it)');
}
