// N-Quads as the query engine reads them: oxigraph refuses some IRIs N3.js takes (a bad
// percent-escape, control characters), and a write it cannot load would stop SPARQL.
import * as ox from 'oxigraph';

/** Throws where oxigraph would not load the N-Quads. */
export function strictParse(nquads: string): void {
  ox.parse(nquads, { format: 'application/n-quads' });
}
