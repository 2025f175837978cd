export { type FileSystem, type FileStat, type FileKind, type DirEntry, FileSystemError, describeError } from './file-system.ts';
export { NodeFileSystem } from './node-file-system.ts';
export { MemoryFileSystem, type MemoryEntry } from './memory-file-system.ts';
export { loadSource, MAX_SOURCE_BYTES, type LoadOptions, type LoadResult } from './load-source.ts';
export { findSourceFiles, SOURCE_EXTENSION, type SourceSet } from './find-sources.ts';
export { firstInvalidUtf8Byte } from './utf8.ts';
