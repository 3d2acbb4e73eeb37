// License alerts, newest first, refreshed every 10 seconds while the view is open.
import { el, field, select, table, num, utc, ago, badge } from '../ui.js';

const REFRESH_MS = 10000;

export async function alerts(ctx) {
  const product = ctx.query.get('product') || '';
  const period = ctx.query.get('period') || '';
  const products = await ctx.api.get('/api/v1/products');
  const names = Object.fromEntries(products.map(p => [p.id, p.name]));
  const form = el('form', { class: 'filters', 'aria-label': 'Alert filters' },
    field('Product', select('alerts-product', 'product', [['', 'All products'], ...products.map(p => [p.id, p.name])], product)),
    field('Period (year, month or day)', el('input', { id: 'alerts-period', name: 'period', value: period,
      placeholder: 'all, or e.g. 2026-11' })),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    const q = new URLSearchParams();
    if (data.get('product')) q.set('product', data.get('product'));
    if (data.get('period')) q.set('period', data.get('period'));
    ctx.go('#/alerts?' + q);
  });
  const query = new URLSearchParams({ limit: '200' });
  if (product) query.set('product', product);
  if (period) query.set('period', period);
  const holder = el('div', { id: 'alerts-table' });
  const updated = el('p', { class: 'hint', 'aria-live': 'off' });
  const load = async () => {
    const list = await ctx.api.get('/api/v1/alerts?' + query);
    holder.replaceChildren(table('License alerts', ['When', 'Product', 'Metric', 'Period', 'Threshold', 'Consumed', 'Cap', 'Entitlement'],
      list.map(a => [el('time', { datetime: a.at, title: ago(a.at) }, utc(a.at)), names[a.product] || a.product, a.metric,
        a.period, badge(Math.round(a.threshold * 100) + '%', a.threshold >= 1 ? 'over' : 'warn'), num(a.consumed),
        num(a.quantity), el('span', { class: 'mono' }, a.entitlement)]),
    { numeric: [5, 6], hideCaption: true, empty: 'No alerts: no entitlement has reached a threshold yet.' }));
    updated.textContent = list.length + ' alerts · refreshed ' + new Date().toISOString().slice(11, 19) + ' UTC, every '
      + REFRESH_MS / 1000 + ' s';
  };
  await load();
  const timer = setInterval(() => load().catch(e => { updated.textContent = 'Refresh failed: ' + e.message; }), REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
  return [el('h2', {}, 'Alerts'), form, updated, holder];
}
