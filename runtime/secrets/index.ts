// Masking secret values (raw, JSON-, URL- and base64-encoded) in whatever leaves the runtime; built on runtime/eval's maskSecrets.
export { secretForms } from './secret-forms.ts';
export { chainMaskers, createMasker, NO_SECRETS, type Masker } from './masker.ts';
