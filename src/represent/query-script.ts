// The query page's script, served as {base}assets/query.js: pages carry no inline script, so their
// Content-Security-Policy can allow scripts from the site only. It reads its settings (endpoint,
// prefixes, example queries) from the page's <script type="application/json" id="query-config">.
export const QUERY_SCRIPT = `(() => {
  const cfg = JSON.parse(document.getElementById('query-config').textContent);
  const q = document.getElementById('query'), hl = document.getElementById('highlight');
  const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
  const paint = () => {
    hl.innerHTML = esc(q.value).replace(/(#[^\\n]*)|("(?:[^"\\\\]|\\\\.)*")|(&lt;[^\\s&]*&gt;)|([?$][A-Za-z_][\\w]*)|\\b(SELECT|WHERE|PREFIX|FILTER|OPTIONAL|UNION|GROUP|BY|ORDER|DESC|ASC|LIMIT|OFFSET|DISTINCT|COUNT|AS|VALUES|BIND|ASK|CONSTRUCT|DESCRIBE|GRAPH|MINUS|NOT|EXISTS|HAVING|a)\\b/g,
      (m, c, s, i, v, k) => c ? '<span class="cm">' + c + '</span>' : s ? '<span class="str">' + s + '</span>' : i ? '<span class="iri">' + i + '</span>' : v ? '<span class="var">' + v + '</span>' : '<span class="kw">' + k + '</span>') + '\\n';
  };
  q.addEventListener('input', paint);
  q.addEventListener('scroll', () => { hl.scrollTop = q.scrollTop; });
  document.querySelectorAll('button.example').forEach((b) => b.addEventListener('click', () => { q.value = cfg.header + '\\n\\n' + cfg.queries[b.dataset.i]; paint(); }));
  document.querySelectorAll('#downloads a').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    location.href = cfg.endpoint + '?format=' + a.dataset.format + '&query=' + encodeURIComponent(q.value);
  }));
  const cell = (t) => { const td = document.createElement('td'); if (!t) return td; if (t.type === 'uri' && /^https?:\\/\\//i.test(t.value)) { const a = document.createElement('a'); a.href = t.value; a.textContent = t.value; td.append(a); } else td.textContent = t.value + (t['xml:lang'] ? ' @' + t['xml:lang'] : ''); return td; };
  document.getElementById('sparql-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = document.getElementById('results'), status = document.getElementById('status');
    status.textContent = '…'; out.textContent = '';
    const res = await fetch(cfg.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json, text/turtle;q=0.9' }, body: new URLSearchParams({ query: q.value }) });
    const type = res.headers.get('content-type') || '';
    if (!res.ok) { status.textContent = res.status; const pre = document.createElement('pre'); pre.textContent = await res.text(); out.append(pre); return; }
    status.textContent = '';
    if (!type.includes('json')) { const pre = document.createElement('pre'); pre.textContent = await res.text(); out.append(pre); return; }
    const json = await res.json();
    if ('boolean' in json) { out.textContent = String(json.boolean); return; }
    const table = document.createElement('table'); table.id = 'result-table';
    const head = table.insertRow(); json.head.vars.forEach((v) => { const th = document.createElement('th'); th.textContent = v; head.append(th); });
    json.results.bindings.forEach((b) => { const tr = table.insertRow(); json.head.vars.forEach((v) => tr.append(cell(b[v]))); });
    out.append(table);
    status.textContent = json.results.bindings.length + ' rows';
  });
  paint();
})();
`;
