// Compliance position: entitled against consumed per entitlement in a period, with the cost of any shortfall.
import { el, field, table, badge, num, thisMonth, chart } from '../ui.js';

export async function compliance(ctx) {
  const period = ctx.query.get('period') || thisMonth();
  const answer = await ctx.api.get('/api/v1/compliance?period=' + encodeURIComponent(period));
  const form = el('form', { class: 'filters', 'aria-label': 'Compliance period' },
    field('Period (month)', el('input', { id: 'compliance-period', name: 'period', type: 'month', value: period })),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.go('#/compliance?period=' + encodeURIComponent(new FormData(form).get('period')));
  });
  const positions = answer.positions;
  const over = positions.filter(p => p.status === 'over');
  const shortfall = {};
  over.forEach(p => { shortfall[p.currency] = (shortfall[p.currency] || 0) + Number(p.shortfallCost); });
  const summary = el('p', { class: 'summary' }, positions.length + ' entitlements, ' + over.length + ' over their cap'
    + (over.length ? '; shortfall at overage prices: ' + Object.entries(shortfall).map(([c, v]) => v.toFixed(2) + ' ' + c).join(', ') : '') + '.');
  const utilisation = positions.map(p => (Number(p.quantity) > 0 ? Math.round(100 * Number(p.consumed) / Number(p.quantity)) : 0));
  const figure = positions.length === 0 ? null : chart(ctx, 'Use of each entitlement, % of its cap, ' + answer.period, {
    grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: v => v + ' %' },
    xAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
    yAxis: { type: 'category', inverse: true, data: positions.map(p => p.entitlement) },
    series: [{ name: 'Use', type: 'bar', label: { show: true, position: 'right', formatter: '{c} %' },
      data: utilisation.map((v, i) => ({ value: v, itemStyle: { color: positions[i].status === 'over' ? '#c9483f' : '#3a9d5d' } })),
      markLine: { silent: true, symbol: 'none', lineStyle: { color: '#555', type: 'dashed' }, data: [{ xAxis: 100 }],
        label: { formatter: 'cap' } } }],
  }, Math.max(160, 40 + positions.length * 40));
  return [
    el('h2', {}, 'Compliance position'), form,
    el('p', { class: 'period' }, 'Period ' + answer.period + ' (concurrent metrics: the peak; "now" is the current minute)'),
    summary, figure,
    table('Compliance position ' + answer.period, ['Product', 'Entitlement', 'Metric', 'Scope', 'Period', 'Entitled',
      'Consumed', 'Now', 'Over', 'Under', 'Status', 'Shortfall cost'],
    positions.map(p => [p.product, p.entitlement, p.metric, p.costCenter || 'tenant', p.period, num(p.quantity),
      num(p.consumed), num(p.current), num(p.over), num(p.under), badge(p.status === 'over' ? 'Over' : 'Within', p.status),
      p.shortfallCost + ' ' + p.currency]),
    { numeric: [5, 6, 7, 8, 9, 11], empty: 'No entitlement is valid in this period.' }),
  ];
}
