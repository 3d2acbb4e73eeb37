// Dashboard: this month's consumption against each entitlement's cap, and the latest alerts.
import { el, table, chart, badge, num, utc, ago, thisMonth } from '../ui.js';

export async function dashboard(ctx) {
  const month = thisMonth();
  const [position, recent, products] = await Promise.all([
    ctx.api.get('/api/v1/compliance?period=' + month),
    ctx.api.get('/api/v1/alerts?limit=8'),
    ctx.api.get('/api/v1/products'),
  ]);
  const names = Object.fromEntries(products.map(p => [p.id, p.name]));
  const positions = position.positions;
  // a quantity of 0 is a usage-priced entitlement without a budget: everything consumed is billed, nothing is "over"
  const payPerUse = p => Number(p.quantity) === 0;
  const over = positions.filter(p => p.status === 'over' && !payPerUse(p));
  const covered = new Set(positions.map(p => p.product));
  const uncovered = products.filter(p => !covered.has(p.id));

  const tiles = el('div', { class: 'tiles' },
    tile('Entitlements this month', positions.length),
    tile('Over their cap', over.length, over.length ? 'bad' : 'good'),
    tile('Alerts (latest 8 shown)', recent.length),
    tile('Products without an entitlement', uncovered.length));

  const label = p => (names[p.product] || p.product) + ' · ' + p.metric.replace('_', ' ') + (p.costCenter ? ' · ' + p.costCenter : '');
  const rows = positions.slice().reverse();
  const capChart = chart(ctx, 'Consumed against entitled, ' + month + ' (concurrent metrics: peak)', {
    grid: { left: 16, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map(label), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      { name: 'Entitled (cap)', type: 'bar', data: rows.map(p => Number(p.quantity)), itemStyle: { color: '#b7c7da' } },
      { name: 'Consumed', type: 'bar', data: rows.map(p => ({ value: Number(p.consumed),
        itemStyle: { color: p.status === 'over' && !payPerUse(p) ? '#c9483f' : '#2f6fb5' } })),
      label: { show: true, position: 'right', formatter: v => num(v.value) } },
    ],
  }, Math.max(180, 60 + rows.length * 46));

  const capTable = table('Consumption against caps, ' + month, ['Product', 'Metric', 'Scope', 'Entitled', 'Consumed', 'Use', 'Status'],
    positions.map(p => [
      el('a', { href: usageLink(p) }, names[p.product] || p.product), p.metric, p.costCenter || 'tenant',
      num(p.quantity), num(p.consumed), meter(p),
      payPerUse(p) ? badge('Pay per use', 'neutral') : badge(p.status === 'over' ? 'Over' : 'Within', p.status)]),
    { numeric: [3, 4], empty: 'No entitlement is valid this month.' });

  const alertList = recent.length === 0
    ? el('p', { class: 'empty' }, 'No alerts yet.')
    : el('ul', { class: 'alert-list' }, recent.map(a => el('li', {},
      badge(Math.round(a.threshold * 100) + '%', a.threshold >= 1 ? 'over' : 'warn'), ' ',
      el('strong', {}, names[a.product] || a.product), ' ', a.metric.replace('_', ' '), ' reached ',
      num(a.consumed), ' of ', num(a.quantity), ' in ', a.period, ' ',
      el('time', { datetime: a.at, title: utc(a.at) }, ago(a.at)))));

  return [
    el('h2', {}, 'Dashboard'),
    tiles,
    el('div', { class: 'columns' },
      el('section', { 'aria-labelledby': 'caps-h' }, el('h3', { id: 'caps-h' }, 'Consumption against caps'), capChart, capTable),
      el('section', { 'aria-labelledby': 'recent-h' }, el('h3', { id: 'recent-h' }, 'Recent alerts'), alertList,
        el('p', {}, el('a', { href: '#/alerts' }, 'All alerts')),
        uncovered.length ? el('p', { class: 'hint' }, 'Without an entitlement: ' + uncovered.map(p => p.name).join(', ')) : null)),
  ];
}

function tile(label, value, kind) {
  return el('div', { class: 'tile' + (kind ? ' ' + kind : '') }, el('span', { class: 'tile-value' }, String(value)),
    el('span', { class: 'tile-label' }, label));
}

function meter(p) {
  const q = Number(p.quantity);
  const c = Number(p.consumed);
  const pct = q > 0 ? Math.round(100 * c / q) : null;
  if (pct === null) return '–';
  return el('span', { class: 'use' }, el('meter', { min: 0, max: 100, low: 79, high: 99, optimum: 50,
    value: Math.min(pct, 100), 'aria-label': pct + '% of the cap' }), ' ' + pct + '%');
}

function usageLink(p) {
  const q = new URLSearchParams({ product: p.product, range: 'month' });
  if (p.costCenter) q.set('costCenter', p.costCenter);
  return '#/usage?' + q;
}
