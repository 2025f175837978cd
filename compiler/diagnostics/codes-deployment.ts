import { defineCodes } from './code-table.ts';

/**
 * MBP3001–MBP3099: deployment rules, the checks that need the deployment
 * model of DESIGN.md section 1 rather than names and types (owned by
 * `compiler/checker/rules/`, one file per rule). MBP3080–MBP3099 are the
 * problems of the lint configuration (`mbp.config.json`) and of in-source
 * `mbp-disable` comments: they are about how the rules run, so they live with
 * the rules rather than in a range of their own.
 */
export const deploymentCodes = defineCodes({
  MBP3001: {
    severity: 'error',
    title: 'diskless array without a SAN port',
    message: 'instance array `{array}` boots diskless (`pxe_iscsi`) but none of its ports is on a `san` network',
    help: 'a diskless instance boots its OS from an iSCSI volume over a storage network: attach a port to a network with `kind = "san"`',
  },
  MBP3002: {
    severity: 'error',
    title: 'boot method not supported by the template',
    message: 'template `{template}` does not support boot method `{boot}`; it supports {supported}',
    help: 'use a boot method the template supports, or a template that supports `{boot}`',
  },
  MBP3003: {
    severity: 'error',
    title: 'empty server type split',
    message: '`server_types` names no server type',
    help: 'list at least one server type with its count, e.g. `server_types = { "M.40.256.4" = 2 }`, or use `server_type` and `count`',
  },
  MBP3004: {
    severity: 'error',
    title: 'more than one provision hook',
    message: 'instance array `{array}` has more than one `on provision` hook',
    help: 'the provision workflow replaces the default sequence, so there is only one; call the other workflow from it with `std.workflow.call`',
  },
  MBP3005: {
    severity: 'error',
    title: 'provision workflow does not receive the instance',
    message: 'the provision workflow `{workflow}` must receive the instance being provisioned',
  },
  MBP3006: {
    severity: 'error',
    title: 'provision steps out of order',
    message: '`std.provision.{step}` runs after `std.provision.{after}`, but must come before it',
    help: 'provisioning steps run in the order {order}; a workflow may skip steps but not reorder them',
  },
  MBP3007: {
    severity: 'error',
    title: 'step dependency cycle',
    message: 'steps depend on each other in a cycle: {cycle}',
    help: 'break the cycle: remove one of the dependencies (an `after` entry, or a use of another step\'s output), or set `after` on a step that should not wait for the one written before it',
  },
  MBP3008: {
    severity: 'error',
    title: 'step depends on itself',
    message: 'step `{name}` depends on itself',
    help: 'a step cannot wait for itself or read its own outputs',
  },
  MBP3009: {
    severity: 'error',
    title: 'subnet prefix does not fit its pool',
    message: 'a /{prefix} subnet does not fit in pool {pool}, which is a /{poolPrefix}',
    help: 'use a prefix of at least {poolPrefix} (a smaller subnet), or a larger pool',
  },
  MBP3010: {
    severity: 'error',
    title: 'subnet family does not match its pool',
    message: 'the subnet is {family} but its pool {pool} is {poolFamily}',
  },
  MBP3011: {
    severity: 'error',
    title: 'prefix too long for the address family',
    message: 'prefix /{prefix} is too long for an {family} subnet (at most /{max})',
  },

  // ---- configuration and disable comments (MBP3080–MBP3099) ----
  MBP3080: {
    severity: 'error',
    title: 'configuration file cannot be read',
    message: 'cannot read the configuration file: {reason}',
    help: 'check the path given to `--config` or in `extends`',
  },
  MBP3081: {
    severity: 'error',
    title: 'configuration file is not valid JSON',
    message: 'the configuration file is not valid JSON: {reason}',
  },
  MBP3082: {
    severity: 'error',
    title: 'invalid configuration',
    message: 'invalid configuration: {problem}',
    help: 'a configuration is `{ "extends": "./base.json", "rules": { "RULE-ID": "error" | "warning" | "info" | "off" } }`',
  },
  MBP3083: {
    severity: 'error',
    title: 'unknown rule in configuration',
    message: 'unknown lint rule `{rule}`',
    help: 'the lint rules are {rules}',
  },
  MBP3084: {
    severity: 'error',
    title: 'compiler check cannot be configured',
    message: '`{rule}` is a compiler check, not a lint rule: its level cannot be changed',
    help: 'only lint rules (kebab-case ids such as `unused-let`) can be configured; fix the problem `{rule}` reports instead',
  },
  MBP3085: {
    severity: 'error',
    title: 'configuration `extends` cycle',
    message: 'the configuration extends itself: {cycle}',
    help: 'remove one of the `extends` entries in the cycle',
  },
  MBP3090: {
    severity: 'warning',
    title: 'unknown rule in a disable comment',
    message: 'unknown lint rule `{rule}` in a disable comment',
    help: 'the lint rules are {rules}',
  },
  MBP3091: {
    severity: 'warning',
    title: 'compiler check in a disable comment',
    message: '`{rule}` is a compiler check, not a lint rule: a comment cannot disable it',
    help: 'only lint rules can be disabled; fix the problem `{rule}` reports instead',
  },
});
