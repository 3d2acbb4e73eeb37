// Small DOM, formatting and chart helpers shared by the views. Data always goes in as text
// (textContent), never as HTML.

/** el('td', {class: 'num'}, 'text', childNode, ...): an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** A table with a caption, column headers and rows of cells (strings, numbers or nodes). */
export function table(caption, headers, rows, options = {}) {
  const numeric = new Set(options.numeric || []);
  const nowrap = new Set(options.nowrap || []);
  const head = el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, h)));
  const body = rows.map(cells => el('tr', {}, cells.map((c, i) => el('td', { class: numeric.has(i) ? 'num' : nowrap.has(i) ? 'nowrap' : null }, c ?? ''))));
  const t = el('table', { class: options.class || null },
    el('caption', { class: options.hideCaption ? 'visually-hidden' : null }, caption),
    el('thead', {}, head), el('tbody', {}, body));
  if (rows.length === 0) {
    t.tBodies[0].append(el('tr', {}, el('td', { colspan: headers.length, class: 'empty' }, options.empty || 'Nothing to show.')));
  }
  return el('div', { class: 'table-wrap' }, t);
}

/** A status message area that screen readers announce. */
export function messageBox() {
  return el('div', { class: 'message', role: 'status', 'aria-live': 'polite' });
}

export function showMessage(box, kind, text) {
  box.className = 'message' + (text ? ' ' + kind : '');
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text || '';
}

export function errorText(e) {
  return e.status ? e.status + ' ' + (e.code || '') + ': ' + e.message : e.message;
}

export function badge(text, kind) {
  return el('span', { class: 'badge ' + (kind || text.toLowerCase()) }, text);
}

export function announce(text) {
  const box = $('#announce');
  box.textContent = '';
  setTimeout(() => { box.textContent = text; }, 50);
}

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function num(value) {
  if (value === null || value === undefined || value === '') return '–';
  const n = Number(value);
  return Number.isFinite(n) ? NUMBER.format(n) : String(value);
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '–';
  return amount + (currency ? ' ' + currency : '');
}

/** An ISO instant as "2026-11-02 09:15 UTC". */
export function utc(instant) {
  if (!instant) return '–';
  return instant.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC').replace(/Z$/, ' UTC');
}

export function ago(instant) {
  if (!instant) return 'never';
  const s = Math.round((Date.now() - Date.parse(instant)) / 1000);
  if (s < 60) return Math.max(0, s) + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}

export const today = () => new Date().toISOString().slice(0, 10);
export const thisMonth = () => new Date().toISOString().slice(0, 7);

export function addDays(isoDate, days) {
  const d = new Date(isoDate + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The previous n months, newest first: ["2026-11", "2026-10", ...]. */
export function recentMonths(n) {
  const d = new Date();
  const months = [];
  for (let i = 0; i < n; i++) {
    months.push(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  }
  return months;
}

/** A labelled form control: <label for=id>text</label> followed by the control. */
export function field(labelText, control, hint) {
  const hintNode = hint ? el('small', { id: control.id + '-hint', class: 'hint' }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return el('div', { class: 'field' }, el('label', { for: control.id }, labelText), control, hintNode);
}

export function select(id, name, options, value) {
  const s = el('select', { id, name });
  for (const o of options) {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    s.append(el('option', { value: v, selected: String(v) === String(value ?? '') }, text));
  }
  return s;
}

// --- charts (Apache ECharts) ---------------------------------------------------------------

const PALETTE = ['#2f6fb5', '#e07b39', '#3a9d5d', '#8c5fbf', '#c9483f', '#6c7a89'];

/**
 * A chart in a figure with a caption; ECharts draws it without animation (screenshots, reduced
 * motion) and describes it to screen readers (aria). The view's charts are disposed on navigation.
 */
export function chart(ctx, caption, option, height = 280) {
  const box = el('div', { class: 'chart', style: 'height:' + height + 'px', role: 'img', 'aria-label': caption });
  const figure = el('figure', { class: 'chart-figure' }, el('figcaption', {}, caption), box);
  requestAnimationFrame(() => {
    if (!window.echarts) {
      box.textContent = 'Charts are unavailable (ECharts did not load).';
      return;
    }
    const c = window.echarts.init(box, null, { renderer: 'canvas' });
    c.setOption(Object.assign({ animation: false, color: PALETTE, aria: { enabled: true },
      textStyle: { fontFamily: 'system-ui, sans-serif' } }, option));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(box);
    ctx.onLeave(() => { observer.disconnect(); c.dispose(); });
    box.dataset.rendered = 'true';
  });
  return figure;
}

/** Axis labels for series starts: times for minute and hour buckets, dates otherwise. */
export function bucketLabel(start, granularity) {
  const s = start.replace('T', ' ').replace(/:00(\.0+)?Z$/, '').replace(/Z$/, '');
  if (granularity === 'minute' || granularity === 'hour') return s.slice(5);
  if (granularity === 'month') return s.slice(0, 7);
  return s.slice(0, 10);
}
