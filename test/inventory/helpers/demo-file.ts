import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoInventory, parseInventoryText, serializeInventory, type Inventory } from '../../../runtime/inventory/index.ts';

/** A demo inventory (72 available servers, serial 1) in a fresh temp dir, what it holds now, and its removal. */
export function demoInventoryFile(): { readonly file: string; readonly onDisk: () => Inventory; readonly remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, serializeInventory(createDemoInventory(new Date(Date.UTC(2025, 0, 1)))));
  return {
    file,
    onDisk: () => parseInventoryText(fs.readFileSync(file, 'utf8'), file),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
