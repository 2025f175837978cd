import { createHash } from 'node:crypto';
import { T } from '../types.ts';
import { canonicalJson } from '../values.ts';
import { defineFunction } from './args.ts';

export const json = defineFunction({
  name: 'json',
  params: [{ name: 'value', type: T.any, doc: 'Any value.' }],
  returns: T.string,
  doc: 'Encodes a value as compact JSON with object keys sorted, so the same value always gives the same text (plans stay byte-identical). Durations are milliseconds and sizes bytes, as numbers.',
  example: 'json({ b = [1, 2], a = "x" }) → "{\\"a\\":\\"x\\",\\"b\\":[1,2]}"',
  pure: true,
  impl: (a) => canonicalJson(a.at(0)),
});

export const base64encode = defineFunction({
  name: 'base64encode',
  params: [{ name: 'text', type: T.string, doc: 'The string to encode (as UTF-8).' }],
  returns: T.string,
  doc: 'Encodes the UTF-8 bytes of a string as standard Base64 (with padding), e.g. for cloud-init `encoding: b64` fields.',
  example: 'base64encode("hi") → "aGk="',
  pure: true,
  impl: (a) => Buffer.from(a.string(0), 'utf8').toString('base64'),
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const base64decode = defineFunction({
  name: 'base64decode',
  params: [{ name: 'encoded', type: T.string, doc: 'Standard Base64 text (with padding).' }],
  returns: T.string,
  doc: 'Decodes standard Base64 into a string. The text must be well-formed Base64 (white space around it is ignored) and the bytes must be valid UTF-8, since strings are text; anything else is an error.',
  example: 'base64decode("aGk=") → "hi"',
  pure: true,
  impl: (a) => {
    const s = a.string(0).trim();
    if (!BASE64.test(s)) a.fail('the argument is not valid Base64 (standard alphabet, padded)', 0);
    try {
      return utf8.decode(Buffer.from(s, 'base64'));
    } catch {
      return a.fail('the decoded bytes are not valid UTF-8 text', 0);
    }
  },
});

export const sha256 = defineFunction({
  name: 'sha256',
  params: [{ name: 'text', type: T.string, doc: 'The string to hash (as UTF-8).' }],
  returns: T.string,
  doc: 'The SHA-256 digest of the UTF-8 bytes of a string, as 64 lower-case hex digits; e.g. `sha256(file("./image.cfg"))` to pin an asset.',
  example: 'sha256("") → "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
  pure: true,
  impl: (a) => createHash('sha256').update(a.string(0), 'utf8').digest('hex'),
});

export const ENCODING_FUNCTIONS = [json, base64encode, base64decode, sha256] as const;
