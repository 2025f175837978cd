import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Temp file, rename (write-file-atomic): readers see the old or the new
 * file, whole. With `sync` the data and the rename are fsynced too, so a
 * power loss cannot bring back the old file or an empty new one; without it
 * the file only survives the death of this process, which is all the change
 * log promises.
 */
export async function writeAtomically(file: string, text: string, sync: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text, { fsync: sync });
  if (!sync) return;
  // write-file-atomic syncs the file, not the directory entry the rename made.
  const dirHandle = await open(path.dirname(file), 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
