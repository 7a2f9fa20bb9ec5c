#!/usr/bin/env node
// Extracts from schema.org's official release file the part of the vocabulary that the
// project's pages can use, as the fixture tests/fixtures/schema-org/vocabulary.json: the check
// of embedded JSON-LD (tests/schema-org.test.ts) then needs no network and no 1.5 MB file.
//
//   node scripts/schema-org-subset.mjs <schemaorg-current-https.jsonld> <release> [commit]
//
// The file comes from the repository schemaorg/schemaorg, data/releases/<release>/. The fixture
// records the release, the file's path and its SHA-256, so anyone can check it against the same
// file. Kept: every term's name and kind (so a made-up term is told from one merely left out),
// every superseded term's replacement,
// and in full the terms that data/, ontology/, shapes/ and src/ name, plus what their checks
// need: superclasses, domainIncludes, rangeIncludes, supersededBy, and schema.org's data types.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, release, commit] = process.argv.slice(2);
if (!file || !release) {
  console.error('usage: node scripts/schema-org-subset.mjs <schemaorg-current-https.jsonld> <release> [commit]');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'tests', 'fixtures', 'schema-org', 'vocabulary.json');

const bytes = readFileSync(file);
const graph = JSON.parse(bytes.toString('utf8'))['@graph'];
const local = (id) => (id.startsWith('schema:') ? id.slice('schema:'.length) : undefined);
const ids = (v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : x['@id'])));
const names = (v) => ids(v).map(local).filter((x) => x !== undefined).sort();

const nodes = new Map();
for (const n of graph) if (local(n['@id'])) nodes.set(local(n['@id']), n);
const types = (n) => ids(n['@type']);
const isProperty = (n) => types(n).includes('rdf:Property');
const isClass = (n) => types(n).includes('rdfs:Class');

// The terms the project names, in its own files (schema:Name or the full http/https IRI).
function scan(dir, found) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) scan(path, found);
    else if (/\.(ttl|ts|tsv|trig|nq|nt|jsonld)$/.test(entry)) {
      for (const m of readFileSync(path, 'utf8').matchAll(/(?:\bschema:|https?:\/\/schema\.org\/)([A-Za-z][A-Za-z0-9]*)/g)) found.add(m[1]);
    }
  }
  return found;
}
const used = [...scan(join(root, 'src'), scan(join(root, 'shapes'), scan(join(root, 'ontology'), scan(join(root, 'data'), new Set()))))].filter((t) => nodes.has(t));

// The closure: superclasses of classes, domains and ranges of properties, replacements.
const kept = new Set();
const queue = [...used];
// Every data type and every class under one (URL, Integer, Float, Duration, …): the range check reads literals by them.
const isDataType = (name, seen = new Set()) => {
  const n = nodes.get(name);
  if (!n || seen.has(name)) return false;
  seen.add(name);
  return types(n).includes('schema:DataType') || names(n['rdfs:subClassOf']).some((s) => isDataType(s, seen));
};
for (const [name, n] of nodes) if (name === 'DataType' || (isClass(n) && isDataType(name))) queue.push(name);
while (queue.length) {
  const name = queue.pop();
  if (kept.has(name) || !nodes.has(name)) continue;
  kept.add(name);
  const n = nodes.get(name);
  queue.push(...names(n['rdfs:subClassOf']), ...names(n['schema:supersededBy']));
  if (isProperty(n)) queue.push(...names(n['schema:domainIncludes']), ...names(n['schema:rangeIncludes']));
  if (!isClass(n) && !isProperty(n)) queue.push(...names(n['@type']));
}

const section = (n) => ids(n['schema:isPartOf']).map((s) => s.replace(/^https?:\/\//, '').replace(/\.schema\.org$/, '')).sort();
const entry = (n, extra) => {
  const e = {};
  for (const [k, v] of Object.entries(extra)) if (v.length) e[k] = v;
  if (section(n).length) e.section = section(n);
  return e;
};
const classes = {}, properties = {}, members = {};
for (const name of [...kept].sort()) {
  const n = nodes.get(name);
  if (isProperty(n)) {
    properties[name] = entry(n, { domainIncludes: names(n['schema:domainIncludes']), rangeIncludes: names(n['schema:rangeIncludes']), supersededBy: names(n['schema:supersededBy']) });
  } else if (isClass(n)) {
    classes[name] = entry(n, { subClassOf: names(n['rdfs:subClassOf']), supersededBy: names(n['schema:supersededBy']) });
    if (types(n).includes('schema:DataType')) classes[name].dataType = true;
  } else {
    members[name] = entry(n, { type: names(n['@type']), supersededBy: names(n['schema:supersededBy']) });
  }
}
const all = { classes: [], properties: [], members: [] };
for (const [name, n] of nodes) all[isProperty(n) ? 'properties' : isClass(n) ? 'classes' : 'members'].push(name);
for (const list of Object.values(all)) list.sort();
// Every superseded term and its replacement, kept or not: using one is a finding in itself.
const superseded = Object.fromEntries([...nodes].filter(([, n]) => names(n['schema:supersededBy']).length).map(([name, n]) => [name, names(n['schema:supersededBy'])]).sort(([a], [b]) => (a < b ? -1 : 1)));

const fixture = {
  source: {
    repository: 'schemaorg/schemaorg',
    path: `data/releases/${release}/${basename(file)}`,
    release,
    ...(commit ? { commit } : {}),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    extractedBy: 'scripts/schema-org-subset.mjs',
  },
  namespace: 'https://schema.org/',
  classes, properties, members,
  superseded,
  all,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(fixture, null, 1) + '\n');
console.log(`${out}: release ${release}, ${Object.keys(classes).length} classes, ${Object.keys(properties).length} properties, ${Object.keys(members).length} enumeration members in full; ${nodes.size} names`);
