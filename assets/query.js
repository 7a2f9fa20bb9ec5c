// The query page's script, served as {base}assets/query.js: it puts YASGUI (served from the site,
// assets/yasgui-VERSION/) in place of the plain form, which stays for browsers without scripts.
// Pages carry no inline script, so the settings (endpoint, prefixes, our classes and properties,
// example queries) come from the page's <script type="application/json" id="query-config">.
(() => {
  'use strict';
  const Yasgui = window.Yasgui;
  if (!Yasgui) return; // the plain form stays
  const cfg = JSON.parse(document.getElementById('query-config').textContent);
  const { Yasqe } = Yasgui;
  // Queries go to this site only: the CSP allows no other, and a shared link must not send them elsewhere.
  const endpoint = new URL(cfg.endpoint, location.href).href;

  // Completion from our own lists. The library's defaults ask prefix.cc and LOV over the network.
  const own = (name, list) => Yasqe.registerAutocompleter({ ...Yasqe.Autocompleters[name], get: list, bulk: true, autoShow: true, persistenceId: undefined });
  own('prefixes', Object.entries(cfg.prefixes).map(([p, iri]) => `${p}: <${iri}>`));
  own('class', cfg.classes);
  own('property', cfg.properties);

  const form = document.getElementById('sparql-form');
  const mount = document.getElementById('yasgui');
  form.hidden = true;

  const yasgui = new Yasgui(mount, {
    // Tabs, their queries and last results are kept in localStorage under this site's root.
    persistenceId: cfg.storage,
    requestConfig: { endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    // A shared link (#query=…) opens in a tab of its own; whatever endpoint it names, ours answers.
    populateFromUrl: (tab) => ({ ...tab, requestConfig: { ...tab.requestConfig, endpoint } }),
    yasqe: { value: cfg.examples[0].query, autocompleters: ['variables', 'prefixes', 'class', 'property'], resizeable: true },
    yasr: { prefixes: cfg.prefixes, pluginOrder: ['table', 'chart', 'response'], defaultPlugin: 'table' },
  });
  // A tab persisted before (or opened from another site's link) asks our endpoint too.
  for (const id of Object.keys(yasgui._tabs)) yasgui.getTab(id)?.setEndpoint(endpoint);

  // The example queries open in tabs of their own (the one already open, if any).
  document.querySelectorAll('#examples a.example').forEach((a) => a.addEventListener('click', (event) => {
    event.preventDefault();
    const example = cfg.examples[Number(a.dataset.i)];
    const open = Object.values(yasgui._tabs).find((tab) => tab.getName() === example.name);
    if (open) yasgui.selectTabId(open.getId());
    else yasgui.addTab(true, { name: example.name, yasqe: { value: example.query }, requestConfig: { endpoint } });
  }));
  // YASGUI keeps a query when its editor loses focus; a reload or a closed window takes none away.
  window.addEventListener('pagehide', () => {
    const tab = yasgui.getTab();
    const yasqe = tab?.getYasqe();
    if (yasqe) tab.setQuery(yasqe.getValue());
  });
  window.sdgLodQuery = yasgui; // for people's consoles and the browser tests
})();
