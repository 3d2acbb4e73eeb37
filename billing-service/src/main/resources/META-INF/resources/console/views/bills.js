// Bills: the recent months (#/bills), one bill with its totals per cost center and its lines
// (#/bills/2026-11), and one line with its allocations and links to the usage behind them
// (#/bills/2026-11/lines/0). CSV and PDF downloads; finalize after a confirmation.
import { el, field, table, badge, num, utc, recentMonths, thisMonth, addDays, chart, messageBox, showMessage, errorText } from '../ui.js';
import { confirmDialog } from './dialog.js';

export async function bills(ctx) {
  const [period, section, index] = ctx.parts;
  if (!period) return overview(ctx);
  const bill = await ctx.api.get('/api/v1/bills/' + encodeURIComponent(period));
  if (section === 'lines' && bill.lines[Number(index)]) return line(ctx, bill, Number(index));
  return detail(ctx, bill);
}

const billHref = period => '#/bills/' + encodeURIComponent(period);
const total = b => (b.total !== null && b.total !== undefined ? b.total + ' ' + b.currency
  : b.totals.map(t => t.total + ' ' + t.currency).join(' + ') || '0');

async function overview(ctx) {
  const months = recentMonths(6);
  const list = await Promise.all(months.map(m => ctx.api.get('/api/v1/bills/' + m).catch(e => ({ period: m, error: e }))));
  const form = el('form', { class: 'filters', 'aria-label': 'Open a bill' },
    field('Month', el('input', { id: 'bill-period', name: 'period', type: 'month', value: thisMonth(), required: true })),
    el('button', { type: 'submit' }, 'Open bill'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.go(billHref(new FormData(form).get('period')));
  });
  const totals = list.filter(b => !b.error).reverse();
  const figure = chart(ctx, 'Bill totals of the last six months', {
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: totals.map(b => b.period) }, yAxis: { type: 'value' },
    series: [{ name: 'Total', type: 'bar', label: { show: true, position: 'top' },
      data: totals.map(b => ({ value: Number(b.total ?? 0), itemStyle: { color: b.status === 'DRAFT' ? '#e0a939' : '#2f6fb5' } })) }],
  }, 220);
  return [
    el('h2', {}, 'Bills'), form, figure,
    table('Bills per period', ['Period', 'Status', 'Lines', 'Total', 'Finalized', ''], list.map(b => b.error
      ? [b.period, badge('unavailable', 'neutral'), '', errorText(b.error), '', '']
      : [el('a', { href: billHref(b.period) }, b.period), badge(b.status, b.status.toLowerCase()), String(b.lines.length), total(b),
        b.finalizedAt ? utc(b.finalizedAt) + ' by ' + b.finalizedBy : '–',
        el('a', { class: 'button-link', href: billHref(b.period), 'aria-label': 'Open the bill of ' + b.period }, 'Open')]),
    { numeric: [2, 3] }),
  ];
}

/** Sums of the allocations per cost center and currency. */
function byCostCenter(bill) {
  const sums = new Map();
  for (const l of bill.lines) {
    for (const a of l.allocations) {
      const key = a.costCenter + '\u0000' + l.currency;
      sums.set(key, (sums.get(key) || 0) + Math.round(Number(a.amount) * 100));
    }
  }
  return [...sums].map(([key, cents]) => {
    const [costCenter, currency] = key.split('\u0000');
    return { costCenter, currency, amount: (cents / 100).toFixed(2) };
  }).sort((a, b) => Number(b.amount) - Number(a.amount));
}

function detail(ctx, bill) {
  const message = messageBox();
  const centers = byCostCenter(bill);
  const actions = el('div', { class: 'actions' },
    el('button', { type: 'button', id: 'download-csv', onclick: () => download(ctx, bill, 'csv', message) }, 'Download CSV'),
    el('button', { type: 'button', id: 'download-pdf', onclick: () => download(ctx, bill, 'pdf', message) }, 'Download PDF'),
    bill.status === 'DRAFT' && (ctx.can('finance'))
      ? el('button', { type: 'button', id: 'finalize', class: 'primary', onclick: () => finalize(ctx, bill, message) }, 'Finalize…')
      : null);
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, 'Status'), el('dd', {}, badge(bill.status, bill.status.toLowerCase())),
    el('dt', {}, 'Total'), el('dd', { id: 'bill-total' }, total(bill)),
    el('dt', {}, 'Lines'), el('dd', {}, String(bill.lines.length)),
    bill.finalizedAt ? [el('dt', {}, 'Finalized'), el('dd', {}, utc(bill.finalizedAt) + ' by ' + bill.finalizedBy)] : null,
    bill.contentHash ? [el('dt', {}, 'SHA-256'), el('dd', { class: 'mono hash' }, bill.contentHash)] : null);
  const pie = centers.length === 0 ? null : chart(ctx, 'Charged back per cost center', {
    tooltip: { trigger: 'item', valueFormatter: v => v.toFixed(2) }, legend: { bottom: 0 },
    series: [{ name: 'Amount', type: 'pie', radius: ['35%', '65%'], label: { formatter: '{b}: {c}' },
      data: centers.map(c => ({ name: c.costCenter, value: Number(c.amount) })) }],
  }, 260);
  return [
    el('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, el('a', { href: '#/bills' }, 'Bills'), ' › ', bill.period),
    el('h2', {}, 'Bill ' + bill.period), message,
    el('div', { class: 'columns' }, el('section', { 'aria-label': 'Summary' }, facts, actions,
      table('Per cost center', ['Cost center', 'Amount'], centers.map(c => [c.costCenter, c.amount + ' ' + c.currency]),
      { numeric: [1], class: 'compact' })), pie),
    el('h3', {}, 'Lines'),
    table('Lines of the bill ' + bill.period, ['#', 'Product', 'Metric', 'Pricing', 'Days', 'Cap', 'Consumed', 'Committed',
      'Overage', 'Amount', 'Cost centers'],
    bill.lines.map((l, i) => [
      el('a', { href: billHref(bill.period) + '/lines/' + i, 'aria-label': 'Line ' + (i + 1) + ': ' + l.product + ' details' },
        String(i + 1)),
      el('a', { href: billHref(bill.period) + '/lines/' + i }, l.product), l.metric,
      l.pricing + (l.kind === 'adjustment' ? ' (adjusts ' + l.adjusts + ')' : ''), l.from + ' – ' + l.to, num(l.quantity),
      num(l.consumed), l.committed, l.overage, l.amount + ' ' + l.currency,
      l.allocations.map(a => a.costCenter + ' ' + a.amount).join(', ')]),
    { numeric: [5, 6, 7, 8, 9], nowrap: [4], hideCaption: true, empty: 'No lines: no entitlement was valid in this month.' }),
  ];
}

/** The consumption series behind a line (or one of its allocations): its product, metric and days. */
function usageHref(l, costCenter, period) {
  if (!l) return '#/usage';
  const q = new URLSearchParams({ product: l.product, range: 'custom', from: l.from || period + '-01',
    to: addDays(l.to || period + '-28', 1), granularity: 'day' });
  if (costCenter) q.set('costCenter', costCenter);
  return '#/usage?' + q;
}

function line(ctx, bill, i) {
  const l = bill.lines[i];
  const terms = [['Entitlement', l.entitlement], ['Product', l.product], ['Metric', l.metric], ['Pricing', l.pricing],
    ['Entitlement period', l.period], ['Scope', l.costCenter || 'tenant'], ['Days billed', l.from + ' – ' + l.to],
    ['Cap (quantity)', num(l.quantity)], ['Consumed', num(l.consumed)], ['Over the cap', num(l.overageQuantity)],
    ['Unit price', l.unitPrice + ' ' + l.currency], ['Overage price', l.overagePrice + ' ' + l.currency],
    ['Committed', l.committed + ' ' + l.currency], ['Overage', l.overage + ' ' + l.currency], ['Amount', l.amount + ' ' + l.currency]];
  if (l.kind === 'adjustment') terms.unshift(['Adjusts', l.adjusts]);
  return [
    el('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, el('a', { href: '#/bills' }, 'Bills'), ' › ',
      el('a', { href: billHref(bill.period) }, bill.period), ' › ', 'line ' + (i + 1)),
    el('h2', {}, 'Bill ' + bill.period + ', line ' + (i + 1) + ': ' + l.product + ' ' + l.metric),
    el('div', { class: 'columns' },
      el('dl', { class: 'facts' }, terms.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '–')])),
      el('section', { 'aria-labelledby': 'alloc-h' }, el('h3', { id: 'alloc-h' }, 'Allocations'),
        el('p', { class: 'hint' }, 'Charged back in proportion to each cost center\'s share of ' + l.metric
          + ' (a user\'s cost center first, then the device\'s, else unallocated).'),
        table('Allocations of line ' + (i + 1), ['Cost center', 'Amount', 'Usage behind it'],
          l.allocations.map(a => [a.costCenter, a.amount + ' ' + l.currency,
            el('a', { href: usageHref(l, a.costCenter, bill.period) }, l.metric + ' of ' + a.costCenter + ', per day')]),
          { numeric: [1], hideCaption: true, empty: 'No allocations.' }),
        el('p', {}, el('a', { href: usageHref(l, null, bill.period) }, 'Usage of ' + l.product + ' over the line\'s days, all cost centers')))),
  ];
}

async function download(ctx, bill, format, message) {
  try {
    const { blob, name } = await ctx.api.file('/api/v1/bills/' + encodeURIComponent(bill.period) + '/export?format=' + format);
    const link = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    showMessage(message, 'success', 'Downloaded ' + name + '.');
  } catch (e) {
    showMessage(message, 'error', errorText(e));
  }
}

async function finalize(ctx, bill, message) {
  const ok = await confirmDialog('Finalize the bill of ' + bill.period + '?',
    'Finalizing freezes the bill with a content hash; usage that arrives later goes on the next bill as an adjustment. '
    + 'This cannot be undone.', 'Finalize bill');
  if (!ok) return;
  try {
    await ctx.api.post('/api/v1/bills/' + encodeURIComponent(bill.period) + '/finalize');
    ctx.go(billHref(bill.period) + '?finalized=' + Date.now());
  } catch (e) {
    showMessage(message, 'error', errorText(e));
  }
}
