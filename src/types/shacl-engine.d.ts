declare module 'shacl-engine' {
  import type { DatasetCore, Term } from '@rdfjs/types';
  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; debug?: boolean; details?: boolean });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }): Promise<{ conforms: boolean; dataset: DatasetCore }>;
  }
}
