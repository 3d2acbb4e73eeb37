// Product usage: concurrency over time with its peak, users and devices, usage hours, for a product,
// a period and a granularity (and optionally one cost center). The form writes its choice into the
// URL hash, so the bills view can link here with the usage behind an allocation.
import { el, field, select, chart, table, num, utc, bucketLabel, today, addDays, thisMonth, messageBox, showMessage, errorText } from '../ui.js';

const RANGES = [['15m', 'Last 15 minutes'], ['30m', 'Last 30 minutes'], ['2h', 'Last 2 hours'], ['24h', 'Last 24 hours'], ['today', 'Today (UTC)'], ['7d', 'Last 7 days'],
  ['month', 'This month'], ['custom', 'Custom dates']];
const DEFAULT_GRANULARITY = { '15m': 'minute', '30m': 'minute', '2h': 'minute', '24h': 'hour', today: 'hour', '7d': 'hour', month: 'day', custom: 'day' };
const METRICS = ['concurrent_sessions', 'concurrent_users', 'users', 'devices', 'usage_hours', 'session_hours', 'launches'];

/** [from, to) of a range choice, as ISO strings the API takes. */
function period(range, query) {
  const now = new Date();
  const minute = new Date(Math.ceil(now.getTime() / 60000) * 60000);
  switch (range) {
    case '15m': return [new Date(minute - 15 * 60000).toISOString(), minute.toISOString()];
    case '30m': return [new Date(minute - 30 * 60000).toISOString(), minute.toISOString()];
    case '2h': return [new Date(minute - 2 * 3600000).toISOString(), minute.toISOString()];
    case '24h': return [new Date(minute - 24 * 3600000).toISOString(), minute.toISOString()];
    case 'today': return [today(), addDays(today(), 1)];
    case '7d': return [addDays(today(), -6), addDays(today(), 1)];
    case 'month': {
      const first = thisMonth() + '-01';
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
      return [first, next];
    }
    default: return [query.get('from') || addDays(today(), -6), query.get('to') || addDays(today(), 1)];
  }
}

export async function usage(ctx) {
  const q = ctx.query;
  const [products, costCenters, entitlements] = await Promise.all([
    ctx.api.get('/api/v1/products'), ctx.api.get('/api/v1/cost-centers'), ctx.api.get('/api/v1/entitlements')]);
  if (products.length === 0) return [el('h2', {}, 'Product usage'), el('p', { class: 'empty' }, 'No products yet.')];
  const product = q.get('product') || products[0].id;
  const range = q.get('range') || (q.get('from') ? 'custom' : '2h');
  const granularity = q.get('granularity') || DEFAULT_GRANULARITY[range] || 'day';
  const costCenter = q.get('costCenter') || '';
  const [from, to] = period(range, q);

  const form = el('form', { class: 'filters', 'aria-label': 'Usage filters' });
  const fromInput = el('input', { id: 'usage-from', name: 'from', type: 'date', value: from.slice(0, 10) });
  const toInput = el('input', { id: 'usage-to', name: 'to', type: 'date', value: to.slice(0, 10) });
  const custom = el('div', { class: 'custom-dates', hidden: range !== 'custom' },
    field('From (UTC)', fromInput), field('To (UTC, exclusive)', toInput));
  const rangeSelect = select('usage-range', 'range', RANGES, range);
  rangeSelect.addEventListener('change', () => { custom.hidden = rangeSelect.value !== 'custom'; });
  form.append(
    field('Product', select('usage-product', 'product', products.map(p => [p.id, p.name]), product)),
    field('Period', rangeSelect), custom,
    field('Granularity', select('usage-granularity', 'granularity', [['', 'Automatic'], 'minute', 'hour', 'day', 'month'],
      q.get('granularity') || '')),
    field('Cost center', select('usage-cost-center', 'costCenter',
      [['', 'All cost centers'], ...costCenters.map(c => [c.id, c.name]), ['unallocated', 'Unallocated']], costCenter)),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const key of ['product', 'range', 'granularity', 'costCenter']) if (data.get(key)) next.set(key, data.get(key));
    if (data.get('range') === 'custom') { next.set('from', data.get('from')); next.set('to', data.get('to')); }
    ctx.go('#/usage?' + next);
  });

  const head = [el('h2', {}, 'Product usage'), form];
  const message = messageBox();
  const answers = {};
  try {
    await Promise.all(METRICS.map(async metric => {
      const query = new URLSearchParams({ product, metric, from, to, granularity });
      if (costCenter) query.set('costCenter', costCenter);
      answers[metric] = await ctx.api.get('/api/v1/consumption?' + query);
    }));
  } catch (e) {
    showMessage(message, 'error', errorText(e));
    return [...head, message];
  }

  const name = products.find(p => p.id === product)?.name || product;
  const scope = costCenter ? ' · cost center ' + costCenter : '';
  const starts = answers.concurrent_sessions.series.map(p => p.start);
  const labels = starts.map(s => bucketLabel(s, granularity));
  const values = metric => answers[metric].series.map(p => Number(p.value));
  const caps = entitlements.filter(e => e.product === product && (e.scope?.costCenter || '') === costCenter);
  const cap = metric => caps.find(e => e.metric === metric);

  const summary = el('div', { class: 'tiles' }, METRICS.map(m => el('div', { class: 'tile' },
    el('span', { class: 'tile-value' }, num(answers[m].value)),
    el('span', { class: 'tile-label' }, label(m) + (cap(m) ? ' (cap ' + num(cap(m).quantity) + ')' : '')))));

  const axis = { type: 'category', data: labels, axisLabel: { hideOverlap: true } };
  const base = { grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true }, legend: { top: 0 },
    tooltip: { trigger: 'axis' }, xAxis: axis, yAxis: { type: 'value', minInterval: 1 } };
  const capLine = metric => cap(metric) ? { silent: true, symbol: 'none', lineStyle: { color: '#c9483f', type: 'dashed' },
    label: { formatter: 'cap ' + num(cap(metric).quantity), position: 'insideEndTop' },
    data: [{ yAxis: Number(cap(metric).quantity) }] } : undefined;
  const peak = { symbol: 'pin', symbolSize: 28, label: { formatter: 'peak {c}', position: 'top', color: '#1d2430', fontWeight: 'bold' },
    data: [{ type: 'max', name: 'peak' }] };

  const concurrency = chart(ctx, 'Concurrency per ' + granularity + ' (peak in each bucket): ' + name + scope, {
    ...base,
    series: [
      { name: 'Concurrent sessions', type: 'line', step: 'end', data: values('concurrent_sessions'), markPoint: peak,
        markLine: capLine('concurrent_sessions') },
      { name: 'Concurrent users', type: 'line', step: 'end', data: values('concurrent_users'),
        markLine: capLine('concurrent_users') },
    ],
  }, 300);
  const people = chart(ctx, 'Distinct users and devices per ' + granularity + ': ' + name + scope, {
    ...base,
    series: [
      { name: 'Users', type: 'bar', data: values('users'), markLine: capLine('users') },
      { name: 'Devices', type: 'bar', data: values('devices'), markLine: capLine('devices') },
    ],
  });
  const hours = chart(ctx, 'Usage hours per ' + granularity + ' (active time and session wall time): ' + name + scope, {
    ...base, yAxis: { type: 'value' },
    tooltip: { trigger: 'axis', valueFormatter: v => num(v) + ' h' },
    series: [
      { name: 'Usage hours (active)', type: 'bar', data: values('usage_hours') },
      { name: 'Session hours', type: 'line', data: values('session_hours') },
    ],
  });

  const dataTable = el('details', {}, el('summary', {}, 'The numbers as a table'),
    table('Usage of ' + name + ' per ' + granularity + scope, ['Start (UTC)', ...METRICS.map(label)],
      starts.map((s, i) => [utc(s), ...METRICS.map(m => num(answers[m].series[i].value))]),
      { numeric: METRICS.map((_, i) => i + 1) }));

  return [...head, message,
    el('p', { class: 'period' }, name + scope + ' · ' + utc(answers.devices.from) + ' to ' + utc(answers.devices.to)),
    summary, el('div', { class: 'chart-grid' }, concurrency, people, hours), dataTable];
}

function label(metric) {
  return { concurrent_sessions: 'Peak concurrent sessions', concurrent_users: 'Peak concurrent users', users: 'Users',
    devices: 'Devices', usage_hours: 'Usage hours', session_hours: 'Session hours', launches: 'Launches' }[metric];
}
