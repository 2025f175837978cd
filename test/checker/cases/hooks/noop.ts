// A TypeScript hook for clean-calls.mbp: its argument type must match the blueprint's `args`.
export async function run(args: { count: number }): Promise<{ count: number }> {
  return { count: args.count };
}
