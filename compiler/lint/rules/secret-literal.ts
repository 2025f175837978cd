import { walk, type Node, type StringLit } from '../../../grammar/index.ts';
import { defineRule } from '../lint-rule.ts';

const BLUEPRINT = (secret: string[], argument: string, param: string, header: string) =>
  [
    ...secret,
    'infrastructure web {',
    '  datacenter = "dc-east"',
    `  on post_deploy run notify(${argument})`,
    '}',
    '',
    `workflow notify(${param}) {`,
    `  step post = std.http.request("https://hooks.example/deployed", "POST", headers = { Authorization = ${header} })`,
    '}',
    '',
  ].join('\n');

/** Well-known credential formats, checked on the literal text of every string. */
const PATTERNS: readonly { readonly what: string; readonly re: RegExp }[] = [
  { what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@$]+@/i },
  { what: 'a password assignment', re: /\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*[^\s"'&;,$]{4,}/i },
];

/** Names under which a constant string is a credential whatever it looks like. */
const SECRET_NAME = /(?:^|_|-)(?:password|passwd|secret|token|api_?key|private_?key|credentials?|authorization)$/i;
const MIN_NAMED_LENGTH = 6;

/** Bits per character of a string: random tokens score high, words and hex digests low. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Entropy relative to the most a string of its length can have: random
 * tokens come close to 1 (0.88 and up in Base64), paths and identifiers made
 * of words stay below 0.85 (`ubuntu/24.04/noble-server-cloudimg-amd64`: 0.82).
 */
const RANDOM_RATIO = 0.86;

/** A long run of token characters, mixing cases and digits, as random as a generated secret. */
function looksRandom(text: string): boolean {
  for (const m of text.matchAll(/[A-Za-z0-9+/=_-]{32,}/g)) {
    const run = m[0];
    if (!/[a-z]/.test(run) || !/[A-Z]/.test(run) || !/[0-9]/.test(run)) continue;
    if (entropy(run) / Math.log2(Math.min(run.length, 64)) >= RANDOM_RATIO) return true;
  }
  return false;
}

/**
 * The shortest text any of the checks can match (`pwd=abcd`, `a://b:c@`):
 * most strings of a blueprint are shorter, and need no regular expression.
 */
const SHORTEST_MATCH = 8;

function whatItLooksLike(text: string): string | undefined {
  if (text.length < SHORTEST_MATCH) return undefined;
  for (const p of PATTERNS) if (p.re.test(text)) return p.what;
  return looksRandom(text) ? 'a random access token' : undefined;
}

/** The name a value is given under, when the node gives it one: attribute, named argument, object key, `let` or `param`. */
function nameOf(node: Node): string | undefined {
  switch (node.kind) {
    case 'Attribute':
    case 'NamedArg':
    case 'Let':
    case 'Param':
      return node.name.text;
    case 'ObjectEntry':
      return node.key.text;
    default:
      return undefined;
  }
}

export const secretLiteral = defineRule({
  id: 'secret-literal',
  severity: 'warning',
  docs: {
    summary: 'A string that looks like a pasted credential: a private key, a cloud or API token, a password.',
    why: 'A blueprint lives in version control and its constants end up in plans and logs; a credential written into it is leaked to everyone who can read any of them, and it cannot be rotated without a change to the blueprint. Declare a `secret` instead: its value is given at apply time (`MBP_SECRET_NAME` or `--secrets FILE`) and is masked everywhere.',
    bad: BLUEPRINT([], '', '', '"Bearer 7Hq2xZ9kLmP4vR8sT1wY6uB3nC5dF0gJ"'),
    good: BLUEPRINT(['secret hook_token', ''], 'token = hook_token', 'token: string', '"Bearer ${token}"'),
  },
  check({ module, report }) {
    walk(module, (node, parent) => {
      if (node.kind === 'Attribute' && node.name.text === 'sha256') return false;
      if (node.kind !== 'StringLit') return;
      const found = inspect(node, parent !== undefined ? nameOf(parent) : undefined);
      if (found === undefined) return;
      report({
        range: found.range,
        message: `this string looks like ${found.what}; a credential in a blueprint ends up in version control, plans and logs`,
        help: 'declare `secret NAME` and use it instead: its value is given when applying (`MBP_SECRET_NAME` or `--secrets FILE`) and masked in all output',
      });
    });
  },
});

/** The first credential-looking text of a string; `owner` is the name the string is the value of, if any. */
function inspect(node: StringLit, owner: string | undefined): { what: string; range: { start: number; end: number } } | undefined {
  for (const part of node.parts) {
    if (part.kind !== 'StringText') continue;
    const what = whatItLooksLike(part.value);
    if (what !== undefined) return { what, range: part.span };
  }
  // Only a constant: `"Bearer ${token}"` is built from a secret, which is the point.
  if (owner !== undefined && SECRET_NAME.test(owner) && node.value !== undefined && node.value.trim().length >= MIN_NAMED_LENGTH) {
    return { what: `a literal value for \`${owner}\``, range: node.span };
  }
  return undefined;
}
