declare module 'shacl-engine' {
  import type { DatasetCore, Term } from '@rdfjs/types';
  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; debug?: boolean; details?: boolean });
    /** With `shapes`, only those shapes, each applied to every term given. */
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: { terms: Term[] }[]): Promise<{ conforms: boolean; dataset: DatasetCore }>;
  }
}
