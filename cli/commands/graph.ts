import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.ts';
import type { CliIO, CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';
import { addInputOptions } from '../options.ts';
import { compileForCli, type BlueprintInputs } from './compile.ts';

/** `--format` here is the graph's format; diagnostics are text on stderr (JSON with `--format json`). */
export const GRAPH_FORMATS = ['dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphCommandOptions extends BlueprintInputs {
  readonly format: GraphFormat;
  /** Draw the destroy DAG instead of the deploy DAG. */
  readonly destroy: boolean;
}

/** `mbp graph`: the plan's step DAG on stdout; exit 1 when the blueprint has errors. */
export async function runGraph(file: string, options: GraphCommandOptions, io: CliIO): Promise<ExitCode> {
  const compiled = await compileForCli(file, options, options.format === 'json' ? 'json' : 'text', io);
  if ('exit' in compiled) return compiled.exit;
  const { stepGraph, renderDot, renderMermaid, renderGraphJson } = await import('../../compiler/plan/index.ts');
  const graph = stepGraph(compiled.plan, options.destroy ? 'destroy' : 'deploy');
  const render = { dot: renderDot, mermaid: renderMermaid, json: renderGraphJson }[options.format];
  io.stdout.write(render(graph));
  return ExitCode.Success;
}

export function register(program: Command, io: CommandIO): void {
  const command = program
    .command('graph')
    .summary('draw the step DAG of a blueprint (DOT, Mermaid)')
    .description(
      'Compile a blueprint and draw the DAG of its execution plan: one cluster per infrastructure and\n' +
        'phase, one per instance inside it, an arrow from each step to the steps that wait for it, and a\n' +
        'dashed one from an array\'s rollout to the post_deploy hooks that wait for all of it. --destroy\n' +
        'draws the way back (pre_destroy, deprovision, releases). Exits 1 if the blueprint has errors.',
    )
    .argument('<file>', 'the blueprint (.mbp) to draw')
    .addOption(formatOption(GRAPH_FORMATS))
    .option('--destroy', 'draw the destroy DAG instead of the deploy DAG');
  addInputOptions(command)
    .addHelpText(
      'after',
      examples([
        ['mbp graph main.mbp | dot -Tsvg > plan.svg', 'render with Graphviz'],
        ['mbp graph --format mermaid main.mbp', 'a Mermaid flowchart, e.g. for a Markdown page'],
        ['mbp graph --destroy main.mbp', 'the destroy DAG'],
        ['mbp graph --format json main.mbp', 'nodes, edges and clusters as JSON'],
      ]),
    )
    .action(async (file: string, options: { format: GraphFormat; destroy?: boolean; param: string[]; params?: string }, cmd: Command) => {
      const { color } = cmd.optsWithGlobals<{ color: boolean }>();
      io.setExitCode(
        await runGraph(file, { format: options.format, destroy: options.destroy === true, param: options.param, color, ...(options.params !== undefined ? { params: options.params } : {}) }, io),
      );
    });
}
