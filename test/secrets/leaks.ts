/** The spellings of a secret a far side might echo, computed here independently of runtime/secrets. */
export function spellings(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret, 'utf8');
  return {
    raw: secret,
    base64: bytes.toString('base64'),
    'base64 unpadded': bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    'base64 of user:secret': Buffer.from(`user:${secret}`).toString('base64'),
    'base64 of a longer text': Buffer.from(`token=${secret}\n`).toString('base64'),
    url: encodeURIComponent(secret),
    form: new URLSearchParams({ s: secret }).toString().slice(2),
    json: JSON.stringify(secret).slice(1, -1),
  };
}

/** The names of the spellings of `secret` found in `text`. */
export function leaksIn(text: string, secret: string): string[] {
  return Object.entries(spellings(secret))
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}
