/** One POSIX shell word: single-quoted, with embedded quotes closed and escaped. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME='value'; ` for each variable, before a command (sshd's SendEnv needs AcceptEnv, which hosts rarely set). */
export function envPrefix(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}; `)
    .join('');
}

export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
