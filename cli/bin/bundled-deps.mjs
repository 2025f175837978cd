// Module resolution hook for the `mbp` bin only: loads Chevrotain from the
// single-file ESM bundle it ships (lib/chevrotain.mjs) instead of its
// lib/src/api.js entry, which pulls in about 650 lodash-es modules. Through
// tsx's loader each module costs a round trip to the hooks thread, so this
// takes start-up from ~2 s to a fraction of that. Same version, same API.
// The start-up bundle (build-bundle.mjs) applies the same table, so both
// launch paths run the same Chevrotain file.
export const REDIRECTS = [{ specifier: 'chevrotain', from: '/lib/src/api.js', to: '/lib/chevrotain.mjs' }];

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  for (const redirect of REDIRECTS) {
    if (specifier === redirect.specifier && resolved.url.endsWith(redirect.from)) {
      return { ...resolved, url: resolved.url.slice(0, -redirect.from.length) + redirect.to };
    }
  }
  return resolved;
}
