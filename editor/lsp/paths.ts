import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Document URIs and the compiler's paths. `file:` URIs are the disk; any other
 * scheme (an unsaved `untitled:` buffer) gets a `.mbp` path of its own under
 * a root that cannot exist on disk, so the compiler can still load it from
 * the overlay of open documents.
 */
const VIRTUAL_ROOT = '/.mbp-virtual';
const VIRTUAL_SUFFIX = '.mbp';

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) return path.resolve(fileURLToPath(uri));
  const colon = uri.indexOf(':');
  const scheme = colon > 0 ? uri.slice(0, colon) : 'unknown';
  return `${VIRTUAL_ROOT}/${encodeURIComponent(scheme)}/${encodeURIComponent(uri.slice(colon + 1))}${VIRTUAL_SUFFIX}`;
}

export function pathToUri(file: string): string {
  if (file.startsWith(`${VIRTUAL_ROOT}/`) && file.endsWith(VIRTUAL_SUFFIX)) {
    const [scheme = 'unknown', rest = ''] = file.slice(VIRTUAL_ROOT.length + 1, -VIRTUAL_SUFFIX.length).split('/');
    return `${decodeURIComponent(scheme)}:${decodeURIComponent(rest)}`;
  }
  return pathToFileURL(file).href;
}

/** Whether `file` is `dir` or below it. */
export function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
