import fs from 'node:fs';
import path from 'node:path';
import type { CheckOptions, CheckResult } from '../../compiler/index.ts';
import { checkPaths } from './check.ts';
import { checkAgainstInventory } from '../../compiler/inventory-checks/index.ts';
import { caseInventory, CASES_DIR as INVENTORY_CASES_DIR } from '../resolve/inventory-cases/inventory.ts';

/**
 * Runs of `mbp check` that one annotated file cannot describe: an import
 * cycle through several files, `--param`/`--params` values, `mbp.config.json`
 * and `--config` files. Each writes its files into a directory of its own
 * (a configuration found above one scenario must not apply to another) and
 * states, by hand, every diagnostic the run must give, as the annotated
 * cases do: code, file and line:column (1:1 for a file whose text the
 * result does not hold, such as a `--params` file that cannot be read).
 */
export interface CheckScenario {
  readonly name: string;
  /** Writes the scenario's files under `dir` (empty, its own); returns the paths given to `mbp check` and its options. */
  setup(dir: string): { readonly paths: readonly string[]; readonly options?: CheckOptions };
  /** Every diagnostic of the run, as a multiset; `file` relative to the scenario's directory. */
  readonly expect: readonly ScenarioExpectation[];
}

export interface ScenarioExpectation {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Writes `files` (paths relative to `dir`, parents created) and returns `dir`. */
function write(dir: string, files: Readonly<Record<string, string>>): string {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** A blueprint lint and checker clean on its own: only what a scenario adds may be reported. */
const PLAIN = lines('infrastructure edge {', '  datacenter = "dc-east"', '}');

/** Two params, one without a default, both used. */
const WITH_PARAMS = lines(
  'param workers: int = 4',
  'param pool: cidr',
  '',
  'infrastructure edge {',
  '  datacenter = "dc-east"',
  '  network wan { kind = "wan" }',
  '  subnet lan { network = wan, pool = pool }',
  '  instance_array web {',
  '    server_type = "M.8.32.2"',
  '    count       = workers',
  '    template    = std.os.ubuntu_2404',
  '    port 0 { network = wan }',
  '  }',
  '}',
);

/**
 * `mbp check --inventory`: a case of test/resolve/inventory-cases checked
 * against that folder's inventory, which must give exactly its one code.
 */
function inventoryScenario(code: string, name: string, line: number, column: number): CheckScenario {
  return {
    name: `--inventory: ${code} ${name.replace(/-/g, ' ')}`,
    setup: (dir) => {
      fs.copyFileSync(path.join(INVENTORY_CASES_DIR, `${code}-${name}.mbp`), path.join(dir, 'main.mbp'));
      return check(dir, { inventoryChecks: (checked) => checkAgainstInventory(checked, caseInventory()) });
    },
    expect: [{ code, file: 'main.mbp', line, column }],
  };
}

const check = (dir: string, options?: CheckOptions) => ({ paths: [path.join(dir, 'main.mbp')], ...(options ? { options } : {}) });

export const CHECK_SCENARIOS: readonly CheckScenario[] = [
  {
    name: 'import cycle through two files (reported at the import that closes it)',
    setup: (dir) => {
      write(dir, {
        'main.mbp': lines('import "./lib/site.mbp" as site', '', 'infrastructure edge {', '  datacenter = site.region', '}'),
        'lib/site.mbp': lines('import "../main.mbp" as main', '', 'let region = "dc-east"'),
      });
      return check(dir);
    },
    expect: [{ code: 'MBP2004', file: 'lib/site.mbp', line: 1, column: 8 }],
  },
  {
    name: '--param for a param the blueprint does not declare',
    setup: (dir) => check(write(dir, { 'main.mbp': WITH_PARAMS }), { paramFlags: ['pool=10.0.0.0/16', 'worker=3'] }),
    expect: [{ code: 'MBP2032', file: 'main.mbp', line: 1, column: 1 }],
  },
  {
    name: '--params file naming a param the blueprint does not declare',
    setup: (dir) => {
      write(dir, { 'main.mbp': WITH_PARAMS, 'prod.json': '{ "pool": "10.0.0.0/16", "workes": 3 }\n' });
      return check(dir, { paramsFile: path.join(dir, 'prod.json') });
    },
    expect: [{ code: 'MBP2032', file: 'prod.json', line: 1, column: 1 }],
  },
  {
    name: 'param values given, but none for a param without a default',
    setup: (dir) => check(write(dir, { 'main.mbp': WITH_PARAMS }), { paramFlags: ['workers=5'] }),
    expect: [{ code: 'MBP2033', file: 'main.mbp', line: 2, column: 7 }],
  },
  {
    name: '--param value that does not read as the declared type',
    setup: (dir) => check(write(dir, { 'main.mbp': WITH_PARAMS }), { paramFlags: ['workers=five', 'pool=10.0.0.0/16'] }),
    expect: [{ code: 'MBP2060', file: 'main.mbp', line: 1, column: 7 }],
  },
  {
    name: '--params file that is not JSON',
    setup: (dir) => {
      write(dir, { 'main.mbp': PLAIN, 'prod.json': 'workers = 3\n' });
      return check(dir, { paramsFile: path.join(dir, 'prod.json') });
    },
    expect: [{ code: 'MBP2034', file: 'prod.json', line: 1, column: 1 }],
  },
  {
    name: '--params file that does not exist',
    setup: (dir) => check(write(dir, { 'main.mbp': PLAIN }), { paramsFile: path.join(dir, 'missing.json') }),
    expect: [{ code: 'MBP2034', file: 'missing.json', line: 1, column: 1 }],
  },
  {
    name: 'mbp.config.json extends a file that does not exist (reported at the entry)',
    setup: (dir) => check(write(dir, { 'main.mbp': PLAIN, 'mbp.config.json': lines('{', '  "extends": "./base.json"', '}') })),
    expect: [{ code: 'MBP3080', file: 'mbp.config.json', line: 2, column: 14 }],
  },
  {
    name: '--config naming a file that does not exist',
    setup: (dir) => check(write(dir, { 'main.mbp': PLAIN }), { lintConfig: path.join(dir, 'lint.json') }),
    expect: [{ code: 'MBP3080', file: 'lint.json', line: 1, column: 1 }],
  },
  {
    name: 'mbp.config.json that is not valid JSON (a trailing comma)',
    setup: (dir) => check(write(dir, { 'main.mbp': PLAIN, 'mbp.config.json': lines('{', '  "rules": {', '    "unused-let": "off",', '  }', '}') })),
    expect: [{ code: 'MBP3081', file: 'mbp.config.json', line: 4, column: 3 }],
  },
  {
    name: 'mbp.config.json with a bad level, an unknown rule and a compiler check',
    setup: (dir) =>
      check(
        write(dir, {
          'main.mbp': PLAIN,
          'mbp.config.json': lines('{', '  "rules": {', '    "unused-let": "warn",', '    "unused-lett": "off",', '    "MBP2001": "off"', '  }', '}'),
        }),
      ),
    expect: [
      { code: 'MBP3082', file: 'mbp.config.json', line: 3, column: 19 },
      { code: 'MBP3083', file: 'mbp.config.json', line: 4, column: 5 },
      { code: 'MBP3084', file: 'mbp.config.json', line: 5, column: 5 },
    ],
  },
  {
    name: 'mbp.config.json and the file it extends extend each other',
    setup: (dir) =>
      check(
        write(dir, {
          'main.mbp': PLAIN,
          'mbp.config.json': lines('{', '  "extends": "./base.json"', '}'),
          'base.json': lines('{', '  "extends": ["./mbp.config.json"],', '  "rules": { "unused-let": "error" }', '}'),
        }),
      ),
    expect: [{ code: 'MBP3085', file: 'base.json', line: 2, column: 15 }],
  },
  inventoryScenario('MBP4001', 'unknown-datacenter', 2, 16),
  inventoryScenario('MBP4002', 'unknown-server-type', 5, 19),
  inventoryScenario('MBP4003', 'tag-on-no-server', 7, 20),
  inventoryScenario('MBP4004', 'no-pool', 4, 10),
  inventoryScenario('MBP4005', 'subnet-larger-than-pools', 4, 41),
  inventoryScenario('MBP4006', 'pool-outside-datacenter', 4, 52),
  inventoryScenario('MBP4007', 'not-enough-servers', 6, 19),
  inventoryScenario('MBP4008', 'unknown-preferred-server', 10, 25),
  inventoryScenario('MBP4009', 'port-beyond-nics', 9, 10),
  inventoryScenario('MBP4010', 'vlan-out-of-range', 5, 12),
];

/** `mbp check` of a scenario set up in `dir` (fresh and empty). */
export async function runCheckScenario(scenario: CheckScenario, dir: string): Promise<CheckResult> {
  const { paths, options } = scenario.setup(dir);
  return checkPaths(paths, options);
}

/**
 * How a scenario's result differs from what it expects, one line per problem
 * (missing or unexpected diagnostic), compared as multisets.
 */
export function scenarioProblems(scenario: CheckScenario, dir: string, result: CheckResult): string[] {
  const show = (x: ScenarioExpectation): string => `${x.code} at ${x.file}:${x.line}:${x.column}`;
  const left = result.diagnostics.map((d) => {
    const at = result.sources.get(d.file)?.positionAt(d.range.start) ?? { line: 1, column: 1 };
    return { key: show({ code: d.code, file: path.relative(dir, d.file), line: at.line, column: at.column }), message: d.message };
  });
  const problems: string[] = [];
  for (const e of scenario.expect) {
    const index = left.findIndex((d) => d.key === show(e));
    if (index < 0) problems.push(`missing: ${show(e)}`);
    else left.splice(index, 1);
  }
  for (const d of left) problems.push(`unexpected: ${d.key}: ${d.message}`);
  return problems;
}
