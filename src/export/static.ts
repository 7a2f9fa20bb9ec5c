// sdg-lod build OUT: the whole site as static files, each produced by a request to the same
// request core the server uses, so that the files and the server cannot differ.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { App } from '../http/app.js';
import { DUMPS } from '../http/app.js';
import { DESCRIPTION_FORMATS, byFormat } from '../represent/media-types.js';

export interface BuildResult {
  files: number;
  bytes: number;
}

/** Each entry: request URL (relative to the root), file to write, Accept header. */
function plan(app: App): [string, string, string][] {
  const out: [string, string, string][] = [];
  const html = (url: string, file: string) => {
    out.push([`${url}?lang=en`, `${file}.html`, 'text/html'], [`${url}?lang=lv`, `${file}.lv.html`, 'text/html']);
  };
  html('', 'index');
  html('dumps/', 'dumps/index');
  for (const p of app.paths()) {
    for (const f of DESCRIPTION_FORMATS) {
      const ext = byFormat(f).extension;
      if (f === 'html') html(`doc/${p}.html`, `doc/${p}`);
      else out.push([`doc/${p}.${ext}`, `doc/${p}.${ext}`, byFormat(f).type]);
    }
  }
  const documents: [string, string, string[]][] = [
    ['def/index', 'def/index', ['ttl', 'jsonld', 'nt', 'rdf', 'html']],
    ['shapes/index', 'shapes/index', ['ttl', 'jsonld', 'nt', 'rdf']],
    ['catalog', 'catalog', ['ttl', 'jsonld', 'nt', 'rdf', 'html']],
    ['.well-known/void', '.well-known/void', ['ttl', 'jsonld', 'nt', 'rdf']],
  ];
  for (const [url, file, exts] of documents) {
    for (const ext of exts) {
      if (ext === 'html') html(`${url}.html`, file);
      else out.push([`${url}.${ext}`, `${file}.${ext}`, '*/*']);
    }
  }
  for (const d of DUMPS) out.push([d.path, d.path, '*/*']);
  out.push(['context.jsonld', 'context.jsonld', '*/*'], ['robots.txt', 'robots.txt', '*/*'], ['sitemap.xml', 'sitemap.xml', '*/*']);
  out.push(['id/this-does-not-exist?lang=en', '404.html', 'text/html'], ['id/this-does-not-exist?lang=lv', '404.lv.html', 'text/html']);
  return out;
}

export async function buildSite(app: App, outDir: string): Promise<BuildResult> {
  let files = 0;
  let bytes = 0;
  for (const [url, file, accept] of plan(app)) {
    const response = await app.handle({ method: 'GET', url: `${app.site.root}${url}`, headers: { accept } });
    const expected = file.startsWith('404') ? 404 : 200;
    if (response.status !== expected || !(response.body || response.file)) {
      throw new Error(`build: GET ${url} answered ${response.status}, expected ${expected}`);
    }
    const target = join(outDir, file);
    await mkdir(dirname(target), { recursive: true });
    if (response.file) {
      // The dumps come with their gzip copy, for gzip_static.
      await copyFile(response.file.path, target);
      await copyFile(response.file.gzip, `${target}.gz`);
      files += 2;
      bytes += response.file.size + response.file.gzipSize;
      continue;
    }
    await writeFile(target, response.body!);
    files++;
    bytes += response.body!.length;
  }
  await writeFile(join(outDir, 'nginx.conf.sample'), nginxSample(app.site.root));
  return { files: files + 1, bytes };
}

/** A sample nginx server block serving the static site with 303s and content negotiation. */
export function nginxSample(root: string): string {
  return `# Serves the output of "sdg-lod build" with the same URLs as the sdg-lod server.
# Content negotiation here matches on the Accept header's media types only (no q-values);
# the Node server (sdg-lod serve) is the reference implementation of the rules.
map $http_accept $rdf_ext {
    default                      ttl;
    ~*text/html                  html;
    ~*application/ld\\+json       jsonld;
    ~*application/n-triples      nt;
    ~*application/rdf\\+xml       rdf;
    ~*text/turtle                ttl;
}
map $arg_lang $lang_suffix {
    lv      .lv;
    default "";
}
types {
    text/turtle              ttl;
    application/ld+json      jsonld;
    application/n-triples    nt;
    application/n-quads      nq;
    application/rdf+xml      rdf;
    text/html                html;
    application/xml          xml;
    text/plain               txt;
}

server {
    listen 8080;
    root /srv/sdg-lod;          # the folder written by: sdg-lod build /srv/sdg-lod
    charset utf-8;
    charset_types text/turtle application/n-triples application/n-quads;
    gzip_static on;             # dumps/*.gz
    add_header Access-Control-Allow-Origin "*" always;
    add_header Vary "Accept, Accept-Language" always;
    error_page 404 ${root}404.html;

    location = ${root} { try_files /index$lang_suffix.html =404; }

    # A thing: 303 See Other to its description in the negotiated format.
    # (Named captures: evaluating the regex map would overwrite $1.)
    location ~ ^${root}id/(?<thing>.+)$ {
        if (!-f $document_root${root}doc/$thing.ttl) { return 404; }
        return 303 $scheme://$http_host${root}doc/$thing.$rdf_ext;
    }
    # A description without extension: the negotiated variant; with one: that file.
    location ~ ^(?<page>${root}doc/.+)\\.html$ { try_files $page$lang_suffix.html =404; }
    location ~ ^${root}doc/ { try_files $uri $uri$lang_suffix.$rdf_ext $uri.$rdf_ext =404; }

    location = ${root}def/ { try_files /def/index.$rdf_ext =404; }
    location = ${root}shapes/ { try_files /shapes/index.$rdf_ext =404; }
    location = ${root}catalog { try_files /catalog.$rdf_ext =404; }
    location = ${root}.well-known/void { try_files /.well-known/void.$rdf_ext =404; }
    location = ${root}dumps/ { try_files /dumps/index$lang_suffix.html =404; }
}
`;
}
