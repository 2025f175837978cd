import type { PlanTemplate } from '../../compiler/plan/index.ts';
import { INSTALLERS, lookupOsTemplate, OS_TEMPLATE_LIST, type InstallerKind, type OsAsset } from '../../stdlib/index.ts';
import { evaluate, type EvalEnv } from '../eval/index.ts';
import type { InstallerFile, ResolvedAsset, ResolvedTemplate } from '../steps/index.ts';

/** Reads a text asset (an installer configuration template) from the datacenter's asset repository. */
export interface AssetReader {
  readText(path: string, signal?: AbortSignal): Promise<string>;
}

/**
 * The simulated datacenter's asset repository: each built-in template's
 * installer configuration is the example of its installer kind
 * (stdlib/os/template-variables.ts), which uses the template variables.
 */
export const simulatedAssets: AssetReader = {
  async readText(path) {
    const def = OS_TEMPLATE_LIST.find((t) => t.installerConfig === path);
    if (def === undefined) throw new Error(`the simulated asset repository has no text asset ${path}`);
    return `${INSTALLERS[def.installer].example}\n`;
  },
};

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

export interface ResolveTemplateOptions {
  /** The datacenter's `asset_repository_url`. */
  readonly assetRepositoryUrl: string;
  readonly assets: AssetReader;
  /** For asset contents that are not constants. */
  readonly env?: EvalEnv;
  readonly signal?: AbortSignal;
}

/**
 * An array's plan template with its assets looked up: kernel, initrd and
 * image from the built-in template it is based on; the installer files,
 * which are the base template's installer configuration (from the asset
 * repository, `.tmpl` dropped from its name) unless a custom template ships
 * an asset of that file name, plus every other asset with content. A
 * cloud-init install also gets `meta-data` beside its `user-data`.
 */
export async function resolveTemplate(template: PlanTemplate, options: ResolveTemplateOptions): Promise<ResolvedTemplate> {
  const base = template.kind === 'builtin' ? template.name : template.base;
  const def = lookupOsTemplate(base);
  if (def === undefined) throw new Error(`template ${template.name}: ${base} is not a built-in OS template`);
  const repo = options.assetRepositoryUrl.replace(/\/+$/, '');
  const asset = (a: OsAsset): ResolvedAsset => ({ path: a.path, url: `${repo}/${a.path}`, sha256: a.sha256 });

  const files = new Map<string, string>();
  const configName = baseName(def.installerConfig).replace(/\.tmpl$/, '');
  let entry: string | undefined;
  if (template.kind === 'custom') {
    for (const [name, a] of Object.entries(template.assets)) {
      if (a.content === undefined) continue;
      const content = evaluate(a.content, options.env ?? {}).value;
      if (typeof content !== 'string') throw new Error(`template ${template.name}: asset ${name} does not evaluate to text`);
      const path = a.path.replace(/^\/+/, '');
      files.set(path, content);
      if (entry === undefined && baseName(path) === configName) entry = path;
    }
  }
  if (entry === undefined) {
    entry = configName;
    files.set(entry, await options.assets.readText(def.installerConfig, options.signal));
  }
  const installer = template.installer as InstallerKind;
  if (installer === 'cloud-init-autoinstall' && !files.has(`${dirOf(entry)}meta-data`)) {
    files.set(`${dirOf(entry)}meta-data`, 'instance-id: ${hostname}\nlocal-hostname: ${hostname}\n');
  }
  const list: InstallerFile[] = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, text]) => ({ path, template: text }));
  return {
    name: template.name,
    base,
    installer,
    diskless: template.diskless,
    kernel: asset(def.kernel),
    initrd: asset(def.initrd),
    image: asset(def.image),
    files: list,
    entry,
    ready: template.ready,
  };
}
