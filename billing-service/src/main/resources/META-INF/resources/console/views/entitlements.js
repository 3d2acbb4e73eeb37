// Entitlements: the list and an editor. The API validates (EntitlementRules) and its reason for a
// refusal is shown as it is, next to the form, with the field it names marked invalid.
import { el, $, $$, field, select, table, num, badge, messageBox, showMessage, errorText, today, announce } from '../ui.js';
import { confirmDialog } from './dialog.js';

const METRICS = ['concurrent_users', 'concurrent_sessions', 'users', 'devices', 'usage_hours', 'session_hours', 'launches'];

export async function entitlements(ctx) {
  const [list, products, costCenters] = await Promise.all([ctx.api.get('/api/v1/entitlements'),
    ctx.api.get('/api/v1/products'), ctx.api.get('/api/v1/cost-centers')]);
  const names = Object.fromEntries(products.map(p => [p.id, p.name]));
  const editing = ctx.parts[0] ? list.find(e => e.id === ctx.parts[0]) : null;
  const message = messageBox();
  const form = editor(ctx, editing, products, costCenters, message);
  if (editing) setTimeout(() => form.elements.namedItem('quantity').focus(), 0);

  const rows = list.map(e => [
    el('span', { class: 'mono' }, e.id), names[e.product] || e.product, e.metric, num(e.quantity), e.period,
    e.scope?.costCenter || 'tenant', e.pricing, e.unitPrice + ' / ' + e.overagePrice + ' ' + e.currency,
    badge(e.enforcement, e.enforcement === 'none' ? 'neutral' : 'warn'), e.validFrom + ' – ' + (e.validTo || 'open'),
    el('span', { class: 'row-actions' },
      el('a', { class: 'button-link', href: '#/entitlements/' + encodeURIComponent(e.id), 'aria-label': 'Edit ' + e.id }, 'Edit'),
      el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete ' + e.id, onclick: () => remove(ctx, e, message) }, 'Delete'))]);

  return [
    el('h2', {}, 'Entitlements'),
    el('div', {},
      el('section', { 'aria-labelledby': 'ent-list-h' }, el('h3', { id: 'ent-list-h' }, 'Current entitlements'),
        table('Entitlements of the tenant', ['Id', 'Product', 'Metric', 'Cap', 'Period', 'Scope', 'Pricing',
          'Unit / overage price', 'Enforcement', 'Valid', 'Actions'], rows,
        { numeric: [3], hideCaption: true, empty: 'No entitlements yet: create one with the form.' })),
      el('section', { 'aria-labelledby': 'ent-form-h' },
        el('h3', { id: 'ent-form-h' }, editing ? 'Edit ' + editing.id : 'New entitlement'), message, form)),
  ];
}

function editor(ctx, e, products, costCenters, message) {
  const input = (name, attrs = {}) => el('input', { id: 'ent-' + name, name, ...attrs });
  const thresholds = (e?.thresholds || [0.8, 1.0]).map(t => Math.round(t * 1000) / 10).join(', ');
  const form = el('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'ent-form-h' },
    field('Id', input('id', { value: e?.id || '', readonly: !!e, placeholder: 'generated when empty', autocomplete: 'off' }),
      'Lower-case letters, digits, ".", "_" or "-"'),
    field('Product', select('ent-product', 'product', products.map(p => [p.id, p.name + ' (' + p.id + ')']), e?.product)),
    field('Metric', select('ent-metric', 'metric', METRICS, e?.metric)),
    field('Cap (quantity)', input('quantity', { inputmode: 'decimal', value: e ? e.quantity : '', required: true })),
    field('Period', select('ent-period', 'period', ['day', 'month', 'year'], e?.period || 'month')),
    field('Scope', select('ent-scope', 'costCenter', [['', 'Whole tenant'], ...costCenters.map(c => [c.id, c.name])],
      e?.scope?.costCenter || '')),
    field('Pricing', select('ent-pricing', 'pricing', [['committed', 'committed (cap × unit price + overage)'],
      ['usage', 'usage (consumed × unit price)']], e?.pricing || 'committed')),
    field('Unit price', input('unitPrice', { inputmode: 'decimal', value: e?.unitPrice || '', required: true })),
    field('Overage price', input('overagePrice', { inputmode: 'decimal', value: e?.overagePrice || '0' })),
    field('Currency', input('currency', { value: e?.currency || 'EUR', maxlength: 3, autocapitalize: 'characters' })),
    field('Alert thresholds (% of the cap)', input('thresholds', { value: thresholds }), 'Comma-separated, e.g. 80, 100'),
    field('Enforcement', select('ent-enforcement', 'enforcement', ['none', 'warn', 'deny'], e?.enforcement || 'none'),
      'warn and deny need a concurrent metric'),
    field('Valid from', input('validFrom', { type: 'date', value: e?.validFrom || today() })),
    field('Valid to (optional)', input('validTo', { type: 'date', value: e?.validTo || '' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit' }, e ? 'Save changes' : 'Create entitlement'),
      e ? el('a', { class: 'button-link secondary', href: '#/entitlements' }, 'New entitlement instead') : null));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    $$('[aria-invalid]', form).forEach(i => i.removeAttribute('aria-invalid'));
    const body = bodyOf(new FormData(form));
    try {
      const saved = e ? await ctx.api.put('/api/v1/entitlements/' + encodeURIComponent(e.id), body)
        : await ctx.api.post('/api/v1/entitlements', body);
      sessionStorage.setItem('flash', (e ? 'Saved ' : 'Created ') + saved.id);
      ctx.go('#/entitlements?saved=' + encodeURIComponent(saved.id) + '&t=' + Date.now());
    } catch (err) {
      showMessage(message, 'error', errorText(err));
      markField(form, err.message);
    }
  });
  const flash = sessionStorage.getItem('flash');
  if (flash && ctx.query.get('saved')) {
    sessionStorage.removeItem('flash');
    showMessage(message, 'success', flash + '.');
  }
  return form;
}

/** The request body from the form; what cannot be parsed is sent as null for the API to name. */
function bodyOf(data) {
  const text = name => (data.get(name) || '').trim();
  const number = value => (value === '' || !Number.isFinite(Number(value)) ? null : Number(value));
  const thresholds = text('thresholds') === '' ? null
    : text('thresholds').split(',').map(s => number(s.trim().replace('%', ''))).map(v => (v === null ? null : v / 100));
  return {
    id: text('id') || null, product: text('product'), metric: text('metric'), quantity: number(text('quantity')),
    period: text('period'), scope: { costCenter: text('costCenter') || null }, pricing: text('pricing'),
    unitPrice: text('unitPrice') || null, overagePrice: text('overagePrice') || null, currency: text('currency'),
    thresholds, enforcement: text('enforcement'), validFrom: text('validFrom') || null, validTo: text('validTo') || null,
  };
}

/** The API's reasons start with the field they refuse ("quantity is required..."): mark and focus it. */
function markField(form, reason) {
  const name = /^(scope\.costCenter|[a-zA-Z]+)/.exec(reason || '')?.[1];
  const target = name === 'scope.costCenter' ? 'costCenter' : name;
  const control = target ? form.elements.namedItem(target) : null;
  if (control && control.focus) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

async function remove(ctx, e, message) {
  const ok = await confirmDialog('Delete entitlement ' + e.id + '?',
    'The deletion is recorded in the audit log.', 'Delete');
  if (!ok) return;
  try {
    await ctx.api.delete('/api/v1/entitlements/' + encodeURIComponent(e.id));
    announce('Deleted ' + e.id);
    ctx.go('#/entitlements?deleted=' + encodeURIComponent(e.id));
  } catch (err) {
    showMessage(message, 'error', errorText(err));
  }
}
