// The inventory store: data model and schema, lowdb JSON-file and in-memory
// stores with one transaction contract, the lock, and the server lifecycle.
export * from './types.ts';
export { inventorySchema, INVENTORY_SCHEMA_ID } from './schema.ts';
export { findInventoryProblems, pointerToPath } from './validate.ts';
export {
  InventoryError,
  InventoryNotFoundError,
  InventoryExistsError,
  InventoryCorruptError,
  InventoryInvalidError,
  LockTimeoutError,
  NestedTransactionError,
  IllegalTransitionError,
  ServerNotFoundError,
  ImportError,
  formatProblems,
  type InventoryProblem,
  type LockHolder,
} from './errors.ts';
export {
  type InventoryStore,
  type TransactionOptions,
  DEFAULT_LOCK_TIMEOUT_MS,
  FAILPOINT_AFTER_REREAD,
  FAILPOINT_BEFORE_WRITE,
} from './store.ts';
export { MemoryInventoryStore } from './memory-store.ts';
export { GroupCommit, groupCommit, type GroupChange } from './group-commit.ts';
export { DeferredCommit, type ApplyBatch, type DeferredCommitOptions } from './deferred-commit.ts';
export { JsonFileInventoryStore, UNSAFE_NO_LOCK_ENV, type JsonFileStoreOptions } from './json-file-store.ts';
export { InventoryFileAdapter, parseInventoryText, serializeInventory } from './json-file-adapter.ts';
export { FAILPOINT_BEFORE_RENAME, createFileExclusively } from './atomic-write.ts';
export { acquireFileLock, lockPathFor, UNREADABLE_LOCK_GRACE_MS, type HeldLock, type AcquireOptions } from './file-lock.ts';
export { isProcessAlive } from './process-alive.ts';
export {
  SERVER_TRANSITIONS,
  OPERATOR_ACTIONS,
  allowedTransitions,
  findTransition,
  transition,
  type Actor,
  type LifecycleTransition,
  type OperatorAction,
  type TransitionOptions,
} from './lifecycle.ts';
export { createEmptyInventory } from './empty-inventory.ts';
export { createDemoInventory, DEMO_SERVER_TYPES } from './demo.ts';
export { resolveInventoryPath, DEFAULT_INVENTORY_PATH, INVENTORY_ENV, type InventoryPathSources } from './paths.ts';
export { readServerImport, addImportedServers, type ImportRecord, type ImportedServer } from './server-import.ts';
