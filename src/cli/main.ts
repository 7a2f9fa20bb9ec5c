// The sdg-lod command line: parse flags, dispatch, map errors to exit codes
// (0 ok, 1 invalid data, 2 usage error).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { AppError, RdfSyntaxError, UsageError } from '../errors.js';
import { buildCommand } from './build.js';
import { conformanceCommand } from './conformance.js';
import { formatCommand } from './format.js';
import { queryCommand } from './query.js';
import { sparqlConformanceCommand } from './sparql-conformance.js';
import { generateCommand } from './generate.js';
import { importSdgCommand } from './import-sdg.js';
import { processIo, type Io } from './io.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';
import { exportCsvCommand, importCommand } from './import.js';
import { pushCommand } from './push.js';
import { provenanceCommand } from './provenance.js';
import { validateCommand } from './validate.js';

export const HELP = `sdg-lod — publish SDG activities as validated linked open data

Usage: sdg-lod <command> [options]

Commands:
  validate [--format text|json]   validate ontology, data and shapes; exit 0 valid, 1 invalid
  serve [--data FILE…]            validate, then serve the data over HTTP
  build OUT                       validate, then write the whole site as static files
  conformance DIR                 check the served DCAT-AP catalogue against the official shapes in DIR
  sparql-conformance DIR          run the W3C SPARQL 1.1 query-evaluation tests in DIR through the endpoint
  query QUERY [--file F] [--endpoint URL] [--format table|json|xml|csv|tsv|turtle|ntriples|jsonld]
                                  run a SPARQL query on the bundled data (or a server's endpoint)
  import-sdg FILE [--out DIR]     merge the UN's official SDG KOS (Turtle, RDF/XML, JSON-LD) into the reference
  format [--check]                rewrite the project's Turtle files in canonical form
  generate --activities N OUT     write a synthetic project folder with N activities (--seed S)
  token create NAME [--graphs PREFIX] | token list | token revoke NAME
                                  who may write: a new token is printed once (its last line), only
                                  its salted hash is kept; --graphs defaults to {base}graph/report/
  import FILE --graph IRI         activities from a spreadsheet (.csv, or .json) into a graph of their own,
                                  checked row by row and by the shapes; nothing is written if any row fails
  export-csv [--graph IRI]        the activities as CSV, in the import template's columns
  push                            validate, then load every graph into an external SPARQL store as a new
                                  version and make it current in one step (--query-endpoint, --graph-store-endpoint)
  help                            show this text

Options (flags win over environment variables):
  --base IRI      base IRI of published resources   (BASE_IRI, default http://localhost:8080/)
  --host HOST     address to listen on               (HOST, default 127.0.0.1)
  --port N        port to listen on                  (PORT, default 8080)
  --root DIR      project folder with ontology/, data/, shapes/ (SDG_LOD_ROOT)
  --engine NAME   SHACL engine: shacl-engine (default) or rdf-validate-shacl (SDG_LOD_SHACL)
  --query-timeout MS  longest a SPARQL query may run     (SDG_LOD_QUERY_TIMEOUT, default 10000)
  --query-workers N   SPARQL workers, each with a copy of the data (SDG_LOD_QUERY_WORKERS, default 1)
  --max-connections N open connections at most; the longest idle makes room (SDG_LOD_MAX_CONNECTIONS, default 1000)
  --header-timeout MS time a client has to send a request's headers (SDG_LOD_HEADER_TIMEOUT, default 10000)
  --idle-timeout MS   a connection with nothing moving is closed (SDG_LOD_IDLE_TIMEOUT, default 30000)
  --allow-shrink      let a reload drop data files or most statements (SDG_LOD_ALLOW_SHRINK=1)
  --writes            accept writes with a token at {base}store and {base}edit/ (SDG_LOD_WRITES=1)
  --query-endpoint URL, --update-endpoint URL, --graph-store-endpoint URL, --store-user U, --store-password P
                      an external SPARQL 1.1 store (SDG_LOD_QUERY_ENDPOINT, …, SDG_LOD_STORE_PASSWORD)
  --store sparql      answer {base}sparql from the external store's current version (SDG_LOD_STORE)
`;

const options = {
  base: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  root: { type: 'string' },
  engine: { type: 'string' },
  'query-timeout': { type: 'string' },
  'query-workers': { type: 'string' },
  'max-connections': { type: 'string' },
  'header-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'allow-shrink': { type: 'boolean' },
  writes: { type: 'boolean' },
  format: { type: 'string' },
  check: { type: 'boolean' },
  out: { type: 'string' },
  data: { type: 'string', multiple: true },
  activities: { type: 'string' },
  file: { type: 'string' },
  endpoint: { type: 'string' },
  seed: { type: 'string' },
  graphs: { type: 'string' },
  graph: { type: 'string' },
  store: { type: 'string' },
  'query-endpoint': { type: 'string' },
  'update-endpoint': { type: 'string' },
  'graph-store-endpoint': { type: 'string' },
  'store-user': { type: 'string' },
  'store-password': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[], env: Record<string, string | undefined>, io: Io = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
    const [command, ...rest] = positionals;
    if (values.help || command === 'help' || command === undefined) {
      io.out(HELP);
      return command === undefined && !values.help ? 2 : 0;
    }
    // `serve --data a.ttl b.ttl`: parseArgs keeps extra files as positionals.
    const dataFiles = values.data ? [...values.data, ...(command === 'serve' ? rest : [])] : undefined;
    const config = loadConfig({
      ...values, queryTimeout: values['query-timeout'], queryWorkers: values['query-workers'], maxConnections: values['max-connections'],
      headerTimeout: values['header-timeout'], idleTimeout: values['idle-timeout'], allowShrink: values['allow-shrink'], writes: values.writes, dataFiles,
      queryEndpoint: values['query-endpoint'], updateEndpoint: values['update-endpoint'], graphStoreEndpoint: values['graph-store-endpoint'],
      storeUser: values['store-user'], storePassword: values['store-password'],
    }, env);
    switch (command) {
      case 'validate': {
        const format = values.format ?? 'text';
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, not "${format}"`);
        noExtra(rest);
        return await validateCommand(config, format, io);
      }
      case 'format':
        noExtra(rest);
        return await formatCommand(config, values.check ?? false, io);
      case 'import-sdg': {
        if (rest.length !== 1) throw new UsageError('import-sdg takes one file: sdg-lod import-sdg sdg-kos.ttl');
        return await importSdgCommand(config, rest[0]!, values.out, io);
      }
      case 'generate': {
        if (rest.length !== 1) throw new UsageError('generate takes one output folder: sdg-lod generate --activities 1000 out/');
        return await generateCommand(config, rest[0]!, values.activities, values.seed, io);
      }
      case 'provenance':
        return await provenanceCommand(config, io);
      case 'query': {
        if (rest.length > 1) throw new UsageError('query takes one query; quote it: sdg-lod query "SELECT …"');
        const fmt = values.format;
        return await queryCommand(config, { text: rest[0], file: values.file, endpoint: values.endpoint, format: fmt }, io);
      }
      case 'build':
        if (rest.length !== 1) throw new UsageError('build takes one output folder: sdg-lod build site/');
        return await buildCommand(config, rest[0]!, io);
      case 'conformance':
        if (rest.length !== 1) throw new UsageError('conformance takes the folder of the DCAT-AP shapes: sdg-lod conformance path/to/dcat-ap');
        return await conformanceCommand(config, rest[0]!, io);
      case 'sparql-conformance':
        if (rest.length !== 1) throw new UsageError('sparql-conformance takes the folder of the W3C SPARQL 1.1 tests');
        return await sparqlConformanceCommand(config, rest[0]!, io);
      case 'import':
        if (rest.length !== 1) throw new UsageError('import takes one file: sdg-lod import activities.csv --graph IRI');
        return await importCommand(config, rest[0]!, values.graph, io);
      case 'export-csv':
        noExtra(rest);
        return await exportCsvCommand(config, values.graph, io);
      case 'push':
        noExtra(rest);
        return await pushCommand(config, io);
      case 'token':
        return await tokenCommand(config, rest, values.graphs, io);
      case 'serve':
        if (!values.data) noExtra(rest);
        return await serveCommand(config, io);
      default:
        throw new UsageError(`unknown command "${command}"; run "sdg-lod help"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`sdg-lod: ${error.message}\n`);
      return 2;
    }
    if (error instanceof RdfSyntaxError) {
      io.err(`sdg-lod: ${error.message}\n`);
      return 1;
    }
    if (error instanceof AppError) {
      io.err(`sdg-lod: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function noExtra(rest: string[]) {
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"; run "sdg-lod help"`);
}
