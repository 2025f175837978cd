import type { ProvisionStep } from '../../stdlib/index.ts';
import { lit, ref, stepOutput, type BootMethod, type Ir, type PlanPort, type PlanReady, type SourceLocation } from '../plan/index.ts';
import type { TemplateTarget } from '../checker/index.ts';

/** What the built-in provisioning steps of an array's instances need to know. */
export interface ArrayInfo {
  readonly infrastructure: string;
  readonly name: string;
  readonly boot: BootMethod;
  /** The template as the plan names it: `std.os.rocky_9`, or a blueprint os_template's name. */
  readonly templateName: string;
  readonly template: TemplateTarget | undefined;
  readonly ready: PlanReady;
  readonly ports: readonly PlanPort[];
  /** Where the built-in steps point back to: the array's declaration. */
  readonly source: SourceLocation;
}

/**
 * The arguments of a built-in provisioning step: the instance (`node`) and
 * what the array's definition decides for that step, so the runtime needs
 * nothing else of the blueprint.
 */
export function provisionArgs(step: ProvisionStep, node: Ir, info: ArrayInfo): Record<string, Ir> {
  switch (step) {
    case 'configure_ports':
      return { node, ports: lit(info.ports.map((p) => ({ index: p.index, network: p.network }))), shut: lit('others') };
    case 'prepare_boot':
      return { node, boot: lit(info.boot), template: lit(info.templateName) };
    case 'install_os':
      return { node, template: lit(info.templateName), boot: lit(info.boot) };
    case 'finalize':
      return { node, boot: lit(info.boot) };
    case 'wait_ready':
      return { node, ready: lit({ ...info.ready }) };
    default:
      return { node };
  }
}

/** The outputs of `std.provision.os`, as values readable by the steps after it. */
export function osOutputs(prefix: string): Map<string, Ir> {
  return new Map<string, Ir>([
    ['hostname', ref('instance', 'hostname')],
    ['ipv4', ref('instance', 'ipv4')],
    ['host_key_fingerprint', stepOutput(`${prefix}/install_os`, 'host_key_fingerprint')],
  ]);
}
