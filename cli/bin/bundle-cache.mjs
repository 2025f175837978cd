// The start-up cache of the `mbp` bin: a bundle of cli/main.ts (built by
// build-bundle.mjs) in a directory named for a fingerprint of the sources, so
// a run only pays for Node's own loader instead of tsx compiling every module.
// This file runs on every start, before anything else: Node built-ins only,
// and nothing but stat calls and one small JSON read when the cache is warm.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The folders cli/main.ts may import from. A build that reads a project file
 * outside them is refused (see build-bundle.mjs), so an edit can never go
 * unnoticed by the fingerprint.
 */
export const SOURCE_DIRS = ['cli', 'compiler', 'grammar', 'runtime', 'stdlib', 'editor'];

/** Stand-ins for node_modules: npm rewrites the hidden lockfile on every install. */
const DEPENDENCY_FILES = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

export const MANIFEST = 'manifest.json';
export const ENTRY = 'main.js';

/** Entries of the same project kept besides the current one, and how old an entry must be before it goes. */
const KEEP_ENTRIES = 3;
const PRUNE_AFTER_MS = 10 * 60 * 1000;

function hashText(text) {
  return createHash('sha256').update(text).digest('hex');
}

function statLine(hash, root, rel) {
  try {
    const st = fs.statSync(path.join(root, rel));
    hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
  } catch {
    hash.update(`${rel}\0missing\n`);
  }
}

function walk(hash, root, rel) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    hash.update(`${rel}/\0missing\n`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // esbuild never loads Markdown, so editing a README needs no rebuild.
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name.endsWith('.md')) continue;
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) walk(hash, root, child);
    else statLine(hash, root, child);
  }
}

/**
 * The cache entry name for the sources as they are now: a tag of the project
 * path (entries of several checkouts can share a cache directory) and a hash
 * of the size and mtime of every source file and of the dependency manifests.
 */
export function entryName(root) {
  const hash = createHash('sha256');
  hash.update(`mbp-bundle\0${root}\0${process.platform}\n`);
  for (const file of DEPENDENCY_FILES) statLine(hash, root, file);
  for (const dir of SOURCE_DIRS) walk(hash, root, dir);
  return `${projectTag(root)}-${hash.digest('hex').slice(0, 24)}`;
}

export function projectTag(root) {
  return hashText(root).slice(0, 8);
}

/**
 * Where entries live, in order of preference: MBP_CACHE_DIR, else the
 * project's node_modules/.cache/mbp, else the user's cache directory (for an
 * install the user cannot write to).
 */
export function cacheRoots(root, env) {
  if (env.MBP_CACHE_DIR) return [path.resolve(env.MBP_CACHE_DIR)];
  const userCache = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return [path.join(root, 'node_modules', '.cache', 'mbp'), path.join(userCache, 'mbp')];
}

/** The size and mtime of every file of an entry, as recorded in (and checked against) its manifest. */
export function describeFiles(dir) {
  const files = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (name === MANIFEST) continue;
    const st = fs.statSync(path.join(dir, name));
    files[name] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  return files;
}

/**
 * The entry's main module if the entry is whole: its manifest names it, and
 * every file it lists has the recorded size and mtime (a truncated, rewritten
 * or missing file fails). Undefined otherwise.
 */
export function validEntry(dir, name) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.name !== name) return undefined;
  const files = manifest.files;
  if (files === null || typeof files !== 'object' || !(ENTRY in files)) return undefined;
  for (const [file, expected] of Object.entries(files)) {
    try {
      const st = fs.statSync(path.join(dir, file));
      if (st.size !== expected?.size || st.mtimeMs !== expected?.mtimeMs) return undefined;
    } catch {
      return undefined;
    }
  }
  return path.join(dir, ENTRY);
}

export function failureMarker(cacheRoot, name) {
  return path.join(cacheRoot, `${name}.failed`);
}

/**
 * What the cache holds for `name`: `{ entry }` (the main module's path),
 * `{ failed }` (a build of these very sources failed before; its message),
 * or `{}` (nothing usable: build it).
 */
export function lookup(roots, name) {
  for (const cacheRoot of roots) {
    const entry = validEntry(path.join(cacheRoot, name), name);
    if (entry !== undefined) return { entry, cacheRoot };
    try {
      return { failed: fs.readFileSync(failureMarker(cacheRoot, name), 'utf8').trim(), cacheRoot };
    } catch {
      // no marker: look in the next root
    }
  }
  return {};
}

/**
 * Moves a finished build into place. Two processes may build the same entry
 * at once: the first rename wins and the other uses the winner's entry. A
 * corrupt entry already in place is moved aside first. Returns the main module.
 */
export function publish(tmp, cacheRoot, name) {
  const final = path.join(cacheRoot, name);
  try {
    fs.renameSync(tmp, final);
    return path.join(final, ENTRY);
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES'].includes(error.code) || !fs.existsSync(final)) throw error;
  }
  const existing = validEntry(final, name);
  if (existing !== undefined) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return existing;
  }
  const trash = path.join(cacheRoot, `.trash-${name}-${process.pid}-${Date.now()}`);
  try {
    fs.renameSync(final, trash);
  } catch {
    // another process moved it already
  }
  try {
    fs.renameSync(tmp, final);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const theirs = validEntry(final, name);
    if (theirs === undefined) throw error;
    return theirs;
  } finally {
    fs.rmSync(trash, { recursive: true, force: true });
  }
  return path.join(final, ENTRY);
}

/**
 * Removes what a cache directory no longer needs: this project's older
 * entries and failure markers beyond the newest few, and leftovers of killed
 * builds. Anything younger than PRUNE_AFTER_MS stays, because a process
 * started from it may still import its lazily-loaded chunks.
 */
export function prune(cacheRoot, root, keep, now = Date.now()) {
  const tag = `${projectTag(root)}-`;
  let names;
  try {
    names = fs.readdirSync(cacheRoot);
  } catch {
    return;
  }
  const ours = [];
  for (const name of names) {
    if (name === keep) continue;
    let mtimeMs;
    try {
      mtimeMs = fs.statSync(path.join(cacheRoot, name)).mtimeMs;
    } catch {
      continue;
    }
    const old = now - mtimeMs > PRUNE_AFTER_MS;
    if (name.startsWith('.tmp-') || name.startsWith('.trash-')) {
      if (old) fs.rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
    } else if (name.startsWith(tag)) ours.push({ name, mtimeMs, old });
  }
  ours.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { name, old } of ours.slice(KEEP_ENTRIES)) {
    if (old) fs.rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
  }
}
