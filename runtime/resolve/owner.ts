import path from 'node:path';

/**
 * The path a deployed infrastructure records as its owning blueprint: the
 * blueprint relative to the inventory file's directory, `/`-separated. Two
 * runs from different working directories against the same inventory agree
 * on it, which a path relative to the working directory would not. Pure
 * path arithmetic (no file is read).
 */
export function ownerPath(blueprint: string, inventoryFile: string): string {
  const relative = path.relative(path.dirname(path.resolve(inventoryFile)), path.resolve(blueprint));
  return relative.split(path.sep).join('/');
}
