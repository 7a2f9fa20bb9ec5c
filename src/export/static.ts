// sdg-lod build OUT: the whole site as static files, each produced by a request to the same
// request core the server uses, so that the files and the server cannot differ.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { App } from '../http/app.js';
import { PAGE_SECURITY } from '../http/core.js';
import type { ExportFile } from '../http/route.js';
import { byFormat, DESCRIPTION_FORMATS, MEDIA_TYPES } from '../represent/media-types.js';

export interface BuildResult {
  files: number;
  bytes: number;
}

/** Files written at once: rendering keeps the processor busy while earlier files reach the disk. */
const WRITING = 8;

/** Writes every file the routes list, each the answer to its request. */
export async function buildSite(app: App, outDir: string): Promise<BuildResult> {
  let files = 0;
  let bytes = 0;
  const folders = new Map<string, Promise<unknown>>();
  const folder = (dir: string) => folders.get(dir) ?? folders.set(dir, mkdir(dir, { recursive: true })).get(dir)!;
  const write = async ({ url, file, accept, status = 200 }: ExportFile) => {
    const response = await app.handle({ method: 'GET', url: `${app.site.root}${url}`, headers: { accept } });
    if (response.status !== status || !(response.body || response.file)) {
      throw new Error(`build: GET ${url} answered ${response.status}, expected ${status}`);
    }
    const target = join(outDir, file);
    await folder(dirname(target));
    if (response.file) {
      // The dumps come with their gzip copy, for gzip_static.
      await Promise.all([copyFile(response.file.path, target), copyFile(response.file.gzip, `${target}.gz`)]);
      files += 2;
      bytes += response.file.size + response.file.gzipSize;
      return;
    }
    await writeFile(target, response.body!);
    files++;
    bytes += response.body!.length;
  };
  // The dumps first: the catalogue states each one's size (and is also written last, below).
  await app.warm();
  let failed = false;
  const writeAll = async (queue: ExportFile[]) => {
    let next = 0;
    // Each writer takes the next file until none is left or one of them has failed.
    const writer = async () => {
      while (!failed && next < queue.length) {
        try {
          await write(queue[next++]!);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITING }, writer));
  };
  // The catalogue gives the dumps' sizes, so it is written after them: it waits for them only
  // a little (a harvester should not wait minutes), and a loaded machine can take longer.
  const listed = app.files();
  const afterDumps = (f: ExportFile) => f.url.startsWith('catalog');
  await writeAll(listed.filter((f) => !afterDumps(f)));
  await writeAll(listed.filter(afterDumps));
  await writeFile(join(outDir, 'nginx.conf.sample'), nginxSample(app.site.root, app.site.catalogue));
  return { files: files + 1, bytes };
}

/** nginx map lines: a regex on Accept for each description format, HTML first, the default (Turtle) last. */
function acceptMap(): string {
  return [...DESCRIPTION_FORMATS.slice(1), DESCRIPTION_FORMATS[0]!]
    .map((f) => `    ~*${byFormat(f).type.replaceAll('+', '\\+').padEnd(28)} ${byFormat(f).extension};`)
    .join('\n');
}

/** A sample nginx server block serving the static site with 303s and content negotiation. */
export function nginxSample(root: string, catalogue = true): string {
  const described = catalogue ? 'catalog' : '.well-known/void';
  return `# Serves the output of "sdg-lod build" with the same URLs as the sdg-lod server.
# Content negotiation here matches on the Accept header's media types only (no q-values);
# the Node server (sdg-lod serve) is the reference implementation of the rules.
map $http_accept $rdf_ext {
    default                      ${byFormat(DESCRIPTION_FORMATS[0]!).extension};
${acceptMap()}
}
# The site root: people's page unless an RDF type is asked for by name.
map $http_accept $root_ext {
    default                      html;
${acceptMap()}
}
map $arg_lang $lang_suffix {
    lv      .lv;
    default "";
}
types {
${MEDIA_TYPES.map((m) => `    ${m.type.padEnd(32)} ${m.extension};`).join('\n')}
}

server {
    listen 8080;
    root /srv/sdg-lod;          # the folder written by: sdg-lod build /srv/sdg-lod
    charset utf-8;
    charset_types ${MEDIA_TYPES.filter((m) => m.charset && m.type !== 'text/html').map((m) => m.type).join(' ')};
    gzip_static on;             # dumps/*.gz
    add_header Access-Control-Allow-Origin "*" always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header Content-Security-Policy "${PAGE_SECURITY['content-security-policy']}" always;
    add_header X-Frame-Options "DENY" always;
    add_header Referrer-Policy "strict-origin-when-cross-origin" always;
    add_header Vary "Accept, Accept-Language" always;
    error_page 404 ${root}404.html;

    # The site root is the dataset: its page for people, its description (the catalogue, or VoID) for linked-data clients.
    location = ${root} {
        if ($root_ext != html) { return 303 $scheme://$http_host${root}${described}.$root_ext; }
        try_files /index$lang_suffix.html =404;
    }

    # A thing: 303 See Other to its description in the negotiated format.
    # (Named captures: evaluating the regex map would overwrite $1.)
    location ~ ^${root}id/(?<thing>.+)$ {
        if (!-f $document_root${root}doc/$thing.ttl) { return 404; }
        return 303 $scheme://$http_host${root}doc/$thing.$rdf_ext$is_args$args;
    }
    # A description without extension: the negotiated variant; with one: that file.
    location ~ ^(?<page>${root}doc/.+)\\.html$ { try_files $page$lang_suffix.html =404; }
    location ~ ^${root}doc/ { try_files $uri $uri$lang_suffix.$rdf_ext $uri.$rdf_ext =404; }

    location = ${root}def/ { try_files /def/index.$rdf_ext =404; }
    location = ${root}shapes/ { try_files /shapes/index.$rdf_ext =404; }
${catalogue ? `    location = ${root}catalog { try_files /catalog.$rdf_ext =404; }\n` : ''}    location = ${root}.well-known/void { try_files /.well-known/void.$rdf_ext =404; }
    location = ${root}dumps/ { try_files /dumps/index$lang_suffix.html =404; }

    # The reporting views: the page in the language asked, or the file of the extension asked.
    location = ${root}reports/ { try_files /reports/index$lang_suffix.html =404; }
    location ~ ^${root}reports/(?<report>[a-z-]+)$ { try_files /reports/$report$lang_suffix.html =404; }
    location ~ ^${root}reports/(?<report>[a-z-]+)\\.(?<ext>html|csv)$ { try_files /reports/$report$lang_suffix.$ext =404; }
    location = ${root}api/reports { default_type application/json; try_files /api/reports/index.json =404; }
    location ~ ^${root}api/reports/(?<report>[a-z-]+)$ { default_type application/json; try_files /api/reports/$report.json =404; }
    # The query page (its scripts are under assets/, no CDN). The files answer no query: pass
    # requests with one on to an sdg-lod server, e.g. if ($arg_query) { proxy_pass …; }
    location = ${root}sparql { try_files /sparql$lang_suffix.html =404; }
}
`;
}
