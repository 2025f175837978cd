/**
 * The JSON Schema of `mbp.config.json` (draft-07, validated with ajv). Rule
 * ids are not listed here: whether a key names a lint rule is checked
 * separately, so the message can suggest the closest id.
 */
export const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const CONFIG_FILE_NAME = 'mbp.config.json';

export const configSchema = {
  $id: 'https://metal-blueprint.dev/schemas/mbp.config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
    extends: {
      description: 'Configuration files whose rules this one starts from (paths relative to this file); later ones and this file win.',
      anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }],
    },
    rules: {
      description: 'Lint rule levels by rule id.',
      type: 'object',
      additionalProperties: { enum: [...RULE_LEVELS] },
    },
  },
} as const;

export const CONFIG_KEYS = Object.keys(configSchema.properties);
