// Placeholder until the grammar lands: the public API of grammar/.
export {};
