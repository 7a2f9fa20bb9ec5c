// A YASR plugin of our own: a bar chart (SVG) of a numeric column against a label column. YASR's
// own chart plugin loaded Google Charts from a CDN, which neither the pages' CSP nor the static
// export allows; this draws with the DOM alone. Loaded after yasgui.min.js, before query.js.
(() => {
  'use strict';
  const Yasr = window.Yasgui && window.Yasgui.Yasr;
  if (!Yasr) return;
  const cfg = JSON.parse(document.getElementById('query-config').textContent);
  const words = cfg.words;
  const SVG = 'http://www.w3.org/2000/svg';
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'long', 'int', 'short', 'byte', 'nonNegativeInteger',
    'positiveInteger', 'negativeInteger', 'nonPositiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t));
  /** Bars drawn at most: more would not be read. */
  const MAX_BARS = 50;
  const BAR = 22;
  const LABEL_WIDTH = 260;
  const WIDTH = 720;

  const isNumber = (term) => !!term && term.type !== 'uri' && term.type !== 'bnode' && (NUMERIC.has(term.datatype) || (!term.datatype && !term['xml:lang'] && term.value.trim() !== '' && Number.isFinite(Number(term.value))));
  const prefixes = Object.entries(cfg.prefixes).sort((a, b) => b[1].length - a[1].length);
  const shorten = (term) => {
    if (!term) return '';
    if (term.type !== 'uri') return term.value;
    const hit = prefixes.find(([, iri]) => term.value.startsWith(iri));
    return hit ? `${hit[0]}:${term.value.slice(hit[1].length)}` : term.value;
  };
  const el = (name, attrs, text) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  class Chart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5; // below the table: the table stays the first choice
      this.label = words.chart;
      this.helpReference = undefined;
    }
    /** The columns whose every bound value is a number, and the others. */
    columns() {
      const vars = this.yasr.results.getVariables();
      const rows = this.yasr.results.getBindings() || [];
      const numeric = vars.filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || isNumber(r[v])));
      return { numeric, labels: vars.filter((v) => !numeric.includes(v)), rows };
    }
    canHandleResults() {
      const results = this.yasr.results;
      if (!results || !results.getBindings || !results.getBindings()) return false;
      const { numeric, rows } = this.columns();
      return numeric.length > 0 && rows.length > 0;
    }
    getIcon() {
      const svg = el('svg', { viewBox: '0 0 16 16', width: 15, height: 15, 'aria-hidden': 'true' });
      [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(([x, y, w, h]) => svg.append(el('rect', { x, y, width: w, height: h, fill: 'currentColor' })));
      const div = document.createElement('div');
      div.className = 'svgImg';
      div.append(svg);
      return div;
    }
    /** Column pickers in the plugin's control bar, kept in the plugin's settings. */
    controls(settings, columns) {
      this.controlsEl?.remove();
      const bar = document.createElement('div');
      bar.className = 'chart-controls';
      const pick = (key, text, options) => {
        const label = document.createElement('label');
        label.append(`${text} `);
        const select = document.createElement('select');
        select.name = `chart-${key}`;
        for (const v of options) select.append(new Option(`?${v}`, v, false, v === settings[key]));
        select.addEventListener('change', () => {
          this.settings = { ...this.settings, [key]: select.value };
          this.yasr.storePluginConfig('chart', this.settings);
          this.draw(this.settings);
        });
        label.append(select);
        bar.append(label);
      };
      pick('label', words.label, [...columns.labels, ...columns.numeric]);
      pick('value', words.value, columns.numeric);
      this.yasr.pluginControls.append(bar);
      this.controlsEl = bar;
    }
    draw(stored) {
      const columns = this.columns();
      const given = stored || {};
      const value = columns.numeric.includes(given.value) ? given.value : columns.numeric[0];
      const labelOptions = [...columns.labels, ...columns.numeric];
      // By default the first column of plain text (a name reads better than its IRI).
      const text = columns.labels.find((v) => columns.rows.some((r) => r[v] && r[v].type !== 'uri'));
      const label = labelOptions.includes(given.label) ? given.label : (text || columns.labels[0] || value);
      this.settings = { label, value };
      this.controls(this.settings, columns);
      const rows = columns.rows.slice(0, MAX_BARS);
      const values = rows.map((r) => (r[value] ? Number(r[value].value) : 0));
      const max = Math.max(0, ...values);
      const min = Math.min(0, ...values);
      const span = max - min || 1;
      const plot = WIDTH - LABEL_WIDTH - 60;
      const x = (v) => LABEL_WIDTH + ((v - min) / span) * plot;
      const svg = el('svg', { id: 'result-chart', viewBox: `0 0 ${WIDTH} ${rows.length * BAR + 10}`, width: '100%', role: 'img', 'aria-label': `?${value} / ?${label}` });
      rows.forEach((r, i) => {
        const g = el('g', { class: 'bar', transform: `translate(0 ${i * BAR + 5})` });
        const name = shorten(r[label]);
        g.append(el('text', { x: LABEL_WIDTH - 6, y: BAR / 2 + 4, 'text-anchor': 'end', class: 'bar-label' }, name.length > 40 ? `${name.slice(0, 39)}…` : name));
        const from = x(Math.min(0, values[i]));
        g.append(el('rect', { x: from, y: 3, width: Math.max(1, Math.abs(x(values[i]) - x(0))), height: BAR - 6, 'data-value': values[i] }));
        g.append(el('text', { x: x(Math.max(0, values[i])) + 4, y: BAR / 2 + 4, class: 'bar-value' }, String(values[i])));
        const title = el('title', {}, `${name}: ${values[i]}`);
        g.append(title);
        svg.append(g);
      });
      const figure = document.createElement('figure');
      figure.className = 'result-chart';
      figure.append(svg);
      if (columns.rows.length > MAX_BARS) {
        const caption = document.createElement('figcaption');
        caption.textContent = words.shown.replace('{n}', MAX_BARS).replace('{all}', columns.rows.length);
        figure.append(caption);
      }
      this.yasr.resultsEl.replaceChildren(figure);
    }
    download() {
      const svg = this.yasr.resultsEl.querySelector('svg');
      if (!svg) return undefined;
      return { contentType: 'image/svg+xml', getData: () => new XMLSerializer().serializeToString(svg), filename: 'chart.svg', title: 'SVG' };
    }
    destroy() {
      this.controlsEl?.remove();
      this.controlsEl = undefined;
    }
  }

  Yasr.registerPlugin('chart', Chart);
})();
