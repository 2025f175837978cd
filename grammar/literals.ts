import ipaddr from 'ipaddr.js';
import type { IToken } from 'chevrotain';
import { editDistance, makeDiagnostic, type Code, type Diagnostic, type TextRange } from '../compiler/diagnostics/index.ts';
import * as T from './tokens.ts';

/**
 * Values and validation of literal tokens. Each function takes a token's
 * image and returns either a value or one problem (a code, its message
 * arguments, a help text and an optional replacement for a fix-it).
 */

export interface LiteralProblem {
  readonly code: Code;
  readonly args: Readonly<Record<string, string>>;
  readonly help?: string;
  /** Text that would fix the literal, offered as a fix-it. */
  readonly replacement?: string;
}

export type LiteralResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: LiteralProblem };

const ok = <T>(value: T): LiteralResult<T> => ({ ok: true, value });
const fail = (problem: LiteralProblem): LiteralResult<never> => ({ ok: false, problem });

// ---- integers --------------------------------------------------------------------

export function parseInteger(text: string): LiteralResult<number> {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    return fail({ code: 'MBP1012', args: { text, reason: `integers go up to ${Number.MAX_SAFE_INTEGER}` } });
  }
  return ok(value);
}

// ---- durations and sizes ----------------------------------------------------------

const DURATION_UNITS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION_ORDER = ['d', 'h', 'm', 's', 'ms'];

const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50,
};

const SEGMENT = /(\d+)([A-Za-z_]+)/g;

function segments(text: string): { amount: string; unit: string }[] {
  const out: { amount: string; unit: string }[] = [];
  for (const m of text.matchAll(SEGMENT)) out.push({ amount: m[1]!, unit: m[2]! });
  return out;
}

/** `1h30m` → 5_400_000 ms. Units must go from the largest to the smallest, each at most once. */
export function parseDuration(text: string): LiteralResult<number> {
  let total = 0;
  let previous = -1;
  for (const { amount, unit } of segments(text)) {
    const rank = DURATION_ORDER.indexOf(unit);
    if (rank <= previous) {
      return fail({
        code: 'MBP1017',
        args: { text, reason: 'units must go from the largest to the smallest, each at most once' },
        help: 'write e.g. `1h30m`, not `30m1h`',
      });
    }
    previous = rank;
    total += Number(amount) * DURATION_UNITS[unit]!;
  }
  if (!Number.isSafeInteger(total)) {
    return fail({ code: 'MBP1012', args: { text, reason: 'the duration does not fit in a safe integer of milliseconds' } });
  }
  return ok(total);
}

/** `40GiB` → bytes. */
export function parseSize(text: string): LiteralResult<number> {
  const [segment] = segments(text);
  const value = segment === undefined ? NaN : Number(segment.amount) * (SIZE_UNITS[segment.unit] ?? NaN);
  if (!Number.isSafeInteger(value)) {
    return fail({ code: 'MBP1012', args: { text, reason: 'the size does not fit in a safe integer of bytes' } });
  }
  return ok(value);
}

/** Renders milliseconds with the largest units first: 5_400_000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of DURATION_ORDER) {
    const size = DURATION_UNITS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

// ---- malformed numbers ------------------------------------------------------------

/** What people write for a unit, mapped to the unit they mean. */
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  msec: 'ms', msecs: 'ms', millis: 'ms', millisecond: 'ms', milliseconds: 'ms',
  min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  day: 'd', days: 'd',
  K: 'KiB', Ki: 'KiB', M: 'MiB', Mi: 'MiB', G: 'GiB', Gi: 'GiB', T: 'TiB', Ti: 'TiB', P: 'PiB', Pi: 'PiB',
};

const ALL_UNITS = [...DURATION_ORDER, ...Object.keys(SIZE_UNITS)];

function suggestUnit(unit: string): string | undefined {
  const alias = UNIT_ALIASES[unit] ?? UNIT_ALIASES[unit.toLowerCase()];
  if (alias !== undefined) return alias;
  // Case slips: `gib`, `Gb`, `S`.
  const folded = ALL_UNITS.filter((u) => u.toLowerCase() === unit.toLowerCase());
  if (folded.length === 1) return folded[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const u of ALL_UNITS) {
    const d = editDistance(unit.toLowerCase(), u.toLowerCase());
    if (d < bestDistance) {
      best = u;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Explains a token that starts with a digit but is no literal of the
 * language: a wrong unit, a fraction, an abbreviated or hexadecimal
 * address. Always exactly one problem.
 */
export function explainMalformedNumber(text: string): LiteralProblem {
  const hex = /^0[xX]([0-9A-Fa-f]+)$/.exec(text);
  if (hex !== null) {
    const value = parseInt(hex[1]!, 16);
    if (value <= 0xffffffff) {
      const dotted = ipaddr.IPv4.parse(text).toString();
      return {
        code: 'MBP1011',
        args: { text },
        help: `hexadecimal numbers are not supported; write the IPv4 address in dotted form: \`${dotted}\``,
        replacement: dotted,
      };
    }
    return { code: 'MBP1011', args: { text }, help: 'hexadecimal numbers are not supported; write a decimal integer' };
  }

  const dotted = /^(\d+(?:\.\d+)+)(?:\/(\d+))?$/.exec(text);
  if (dotted !== null) {
    const parts = dotted[1]!.split('.');
    if (parts.length > 4) {
      return { code: 'MBP1007', args: { text, reason: 'an IPv4 address has four parts' } };
    }
    // `127.1` and `10.1.2` are shorthand that some tools expand; here they are errors, with the expansion offered.
    const expanded = ipaddr.IPv4.isValid(dotted[1]!) ? ipaddr.IPv4.parse(dotted[1]!).toString() : undefined;
    const suffix = dotted[2] !== undefined ? `/${dotted[2]}` : '';
    if (expanded !== undefined && parts.length === 3) {
      return {
        code: 'MBP1011',
        args: { text },
        help: `an IPv4 address has four parts: did you mean \`${expanded}${suffix}\`?`,
        replacement: expanded + suffix,
      };
    }
    return {
      code: 'MBP1011',
      args: { text },
      help:
        'numbers are whole (no fractions), and an IPv4 address has four parts' +
        (expanded !== undefined ? ` (e.g. \`${expanded}${suffix}\`)` : ''),
    };
  }

  const fraction = /^(\d+)\.(\d+)([A-Za-z]+)$/.exec(text);
  if (fraction !== null) return explainFraction(text, fraction[1]!, fraction[2]!, fraction[3]!);

  if (/^(?:\d+[A-Za-z_]+)+$/.test(text)) {
    for (const { amount, unit } of segments(text)) {
      if (DURATION_UNITS[unit] !== undefined || SIZE_UNITS[unit] !== undefined) continue;
      const suggestion = suggestUnit(unit);
      if (suggestion === undefined) {
        return {
          code: 'MBP1006',
          args: { unit, text },
          help: 'durations use `ms`, `s`, `m`, `h`, `d`; sizes use `B`, `KB`…`PB` and `KiB`…`PiB`',
        };
      }
      const replacement = text.replace(amount + unit, amount + suggestion);
      return { code: 'MBP1006', args: { unit, text }, help: `did you mean \`${replacement}\`?`, replacement };
    }
  }
  return { code: 'MBP1029', args: { text } };
}

function explainFraction(text: string, whole: string, decimals: string, unit: string): LiteralProblem {
  const exact = Number(`${whole}.${decimals}`);
  const durationUnit = DURATION_UNITS[unit];
  if (durationUnit !== undefined) {
    const ms = exact * durationUnit;
    const replacement = Number.isInteger(ms) ? formatDuration(ms) : undefined;
    return {
      code: 'MBP1017',
      args: { text, reason: 'fractions are not supported' },
      help: replacement !== undefined ? `write \`${replacement}\`` : 'combine whole amounts of smaller units, e.g. `1h30m`',
      ...(replacement !== undefined ? { replacement } : {}),
    };
  }
  const sizeUnit = SIZE_UNITS[unit];
  if (sizeUnit !== undefined) {
    const bytes = exact * sizeUnit;
    const replacement = Number.isInteger(bytes) ? formatSize(bytes, unit) : undefined;
    return {
      code: 'MBP1018',
      args: { text, reason: 'fractions are not supported' },
      help: replacement !== undefined ? `write \`${replacement}\`` : 'use a smaller unit',
      ...(replacement !== undefined ? { replacement } : {}),
    };
  }
  return { code: 'MBP1029', args: { text } };
}

/** The largest unit of the same family (binary or decimal) that expresses `bytes` exactly. */
function formatSize(bytes: number, like: string): string {
  const binary = like.includes('i');
  const family = Object.entries(SIZE_UNITS)
    .filter(([u]) => u === 'B' || u.includes('i') === binary)
    .sort((a, b) => b[1] - a[1]);
  for (const [unit, size] of family) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

// ---- addresses ----------------------------------------------------------------------

export interface AddressValue {
  readonly family: 4 | 6;
  readonly address: string;
  /** Present for a CIDR. */
  readonly prefix?: number;
}

export function parseIpv4(text: string): LiteralResult<AddressValue> {
  const [address = '', prefixText] = text.split('/');
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    const parts = address.split('.');
    const reason = parts.some((p) => p.length > 1 && p.startsWith('0'))
      ? 'a part has a leading zero, which some tools read as octal'
      : 'each part must be between 0 and 255';
    return fail({ code: 'MBP1007', args: { text, reason } });
  }
  return withPrefix(text, 4, ipaddr.IPv4.parse(address).toString(), prefixText);
}

export function parseIpv6(text: string): LiteralResult<AddressValue> {
  const [address = '', prefixText] = text.split('/');
  if (!/^[0-9A-Fa-f:.]+$/.test(address) || !ipaddr.IPv6.isValid(address)) {
    return fail({ code: 'MBP1008', args: { text } });
  }
  return withPrefix(text, 6, ipaddr.IPv6.parse(address).toString(), prefixText);
}

function withPrefix(text: string, family: 4 | 6, address: string, prefixText: string | undefined): LiteralResult<AddressValue> {
  if (prefixText === undefined) return ok({ family, address });
  const max = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > max) {
    return fail({ code: 'MBP1009', args: { text, reason: `an IPv${family} prefix length is between 0 and ${max}` } });
  }
  const prefix = Number(prefixText);
  const canonical = `${address}/${prefix}`;
  const network =
    family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(canonical).toString() : ipaddr.IPv6.networkAddressFromCIDR(canonical).toString();
  if (network !== address) {
    const replacement = `${network}/${prefix}`;
    return fail({ code: 'MBP1010', args: { text, network: replacement }, replacement });
  }
  return ok({ family, address, prefix });
}

// ---- strings ------------------------------------------------------------------------

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** The character(s) an escape sequence stands for, or undefined when it is not a valid escape. */
export function decodeEscape(image: string): string | undefined {
  const simple = SIMPLE_ESCAPES[image.slice(1)];
  if (simple !== undefined) return simple;
  const unicode = /^\\u\{([0-9A-Fa-f]{1,6})\}$/.exec(image);
  if (unicode === null) return undefined;
  const code = parseInt(unicode[1]!, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

// ---- per token ----------------------------------------------------------------------

/** Integers this short always fit: skip the conversion in the common case. */
const ALWAYS_SAFE_DIGITS = 15;

/** The problem with a literal token, if any (tokens of other types have none). */
export function literalProblem(t: IToken): LiteralProblem | undefined {
  const text = t.image;
  let r: LiteralResult<unknown>;
  switch (t.tokenType) {
    case T.IntLiteral:
      if (text.length <= ALWAYS_SAFE_DIGITS) return undefined;
      r = parseInteger(text);
      break;
    case T.DurationLiteral:
      r = parseDuration(text);
      break;
    case T.SizeLiteral:
      r = parseSize(text);
      break;
    case T.Ipv4Literal:
      r = parseIpv4(text);
      break;
    case T.Ipv6Literal:
      r = parseIpv6(text);
      break;
    case T.MalformedNumber:
      return explainMalformedNumber(text);
    case T.StringEscape:
      return decodeEscape(text) === undefined ? { code: 'MBP1005', args: { escape: text } } : undefined;
    default:
      return undefined;
  }
  return r.ok ? undefined : r.problem;
}

export function literalDiagnostic(p: LiteralProblem, file: string, range: TextRange): Diagnostic {
  const fixes =
    p.replacement !== undefined ? [{ title: `replace with \`${p.replacement}\``, edits: [{ file, range, text: p.replacement }] }] : [];
  return makeDiagnostic(p.code, file, range, p.args, p.help !== undefined ? { help: p.help, fixes } : { fixes });
}
