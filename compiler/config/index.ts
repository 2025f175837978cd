// Lint configuration: `mbp.config.json` (rule levels, `extends`), found by walking up or given with `--config`.
export { CONFIG_FILE_NAME, RULE_LEVELS, configSchema, type RuleLevel } from './config-schema.ts';
export { loadConfigFile, unknownRule, EMPTY_CONFIG, type LintConfig, type ConfigOptions } from './load-config.ts';
export { findConfigFile, ConfigResolver } from './find-config.ts';
export { locateJson, type JsonLocation, type JsonLocations } from './json-locate.ts';
