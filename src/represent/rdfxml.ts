// RDF/XML written here, statement for statement: one rdf:Description per subject, in the order
// of the sorted statements, every literal with its own language or datatype. (Through oxigraph's
// store, values were kept by value: an xsd:nonNegativeInteger came out as xsd:integer.)
import type { Quad, Term } from '@rdfjs/types';
import { ns } from '../vocab.js';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
const escape = (text: string) => text.replace(/[&<>"\r]/g, (c) => XML_ESCAPES[c]!);

/** An XML name's last part: where a predicate IRI splits into namespace and local name. */
const LOCAL = /[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$/u;

/** The statements as RDF/XML; blank nodes numbered in the order they appear. */
export function writeRdfXml(quads: readonly Quad[]): string {
  const ids = new Map<string, string>();
  const node = (t: Term) => (ids.get(t.value) ?? (ids.set(t.value, `b${ids.size}`), `b${ids.size - 1}`));
  const namespaces = new Map<string, string>();
  const qname = (iri: string) => {
    if (iri.startsWith(ns.rdf)) return `rdf:${iri.slice(ns.rdf.length)}`;
    const local = LOCAL.exec(iri)?.[0];
    if (!local || local === iri) throw new Error(`<${iri}> cannot be an RDF/XML property: it does not end in an XML name`);
    const space = iri.slice(0, -local.length);
    if (!namespaces.has(space)) namespaces.set(space, `n${namespaces.size}`);
    return `${namespaces.get(space)}:${local}`;
  };
  const bySubject = new Map<string, { subject: Term; props: Quad[] }>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    (bySubject.get(key) ?? bySubject.set(key, { subject: q.subject, props: [] }).get(key)!).props.push(q);
  }
  const body: string[] = [];
  for (const { subject, props } of bySubject.values()) {
    const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${node(subject)}"` : `rdf:about="${escape(subject.value)}"`;
    body.push(`\t<rdf:Description ${about}>`);
    for (const q of props) {
      const name = qname(q.predicate.value);
      const o = q.object;
      if (o.termType === 'NamedNode') body.push(`\t\t<${name} rdf:resource="${escape(o.value)}"/>`);
      else if (o.termType === 'BlankNode') body.push(`\t\t<${name} rdf:nodeID="${node(o)}"/>`);
      else if (o.termType === 'Literal') {
        const attr = o.language ? ` xml:lang="${escape(o.language)}"` : o.datatype.value === `${ns.xsd}string` ? '' : ` rdf:datatype="${escape(o.datatype.value)}"`;
        body.push(`\t\t<${name}${attr}>${escape(o.value)}</${name}>`);
      }
    }
    body.push('\t</rdf:Description>');
  }
  const xmlns = [`xmlns:rdf="${ns.rdf}"`, ...[...namespaces].map(([space, prefix]) => `xmlns:${prefix}="${escape(space)}"`)].join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF ${xmlns}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}
