/**
 * The spellings a secret value takes once it has passed through an encoder:
 * a far side that echoes a token back base64-encoded, URL-encoded or inside
 * JSON must not leak it either. Masking these forms is what keeps a secret
 * out of outputs, logs and error messages.
 */

/** Below this length an encoded form is too short to be told from ordinary text. */
const MIN_DERIVED_LENGTH = 4;

/** Every form of `secret` worth masking, the raw value first; empty for an empty value. */
export function secretForms(secret: string): readonly string[] {
  if (secret === '') return [];
  const forms = new Set<string>([secret]);
  if (secret.length >= 2) {
    for (const form of [...jsonForms(secret), ...urlForms(secret), ...base64Forms(secret)]) {
      if (form.length >= MIN_DERIVED_LENGTH) forms.add(form);
    }
  }
  return [...forms];
}

function jsonForms(secret: string): string[] {
  const plain = JSON.stringify(secret).slice(1, -1);
  // Some encoders also escape "/" and every non-ASCII character.
  const strict = plain.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [plain, strict, plain.replace(/\//g, '\\/'), strict.replace(/\//g, '\\/')];
}

function urlForms(secret: string): string[] {
  const component = encodeURIComponent(secret);
  const lowerHex = component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  // application/x-www-form-urlencoded also escapes !'()* and writes spaces as "+".
  const form = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
  return [component, lowerHex, form, encodeURI(secret)];
}

/**
 * Base64 of the secret at each of the three byte alignments it can have
 * inside a longer encoded text (`user:secret` in a Basic header, a file
 * piped through `base64`), keeping only the characters that depend on the
 * secret's bytes alone; standard and URL-safe alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // The whole value encoded on its own, padding included.
  out.push(bytes.toString('base64'), bytes.toString('base64url'));
  return out;
}
