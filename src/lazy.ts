// Modules that are slow to load (oxigraph compiles its WebAssembly, ~100 ms; jsonld and the
// SHACL engines pull in large trees), loaded on first use so that a start on cached data
// does not pay for them. Node's module cache keeps the one instance.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const oxigraph = (): typeof import('oxigraph') => require('oxigraph') as typeof import('oxigraph');
