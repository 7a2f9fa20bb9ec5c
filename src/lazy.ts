// Modules that are slow to load (oxigraph compiles its WebAssembly, ~100 ms; jsonld and the
// SHACL engines pull in large trees), loaded on first use so that a start on cached data
// does not pay for them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let ox: typeof import('oxigraph') | undefined;

export const oxigraph = (): typeof import('oxigraph') => (ox ??= require('oxigraph') as typeof import('oxigraph'));
