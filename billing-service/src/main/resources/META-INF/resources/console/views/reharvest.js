// Reharvest candidates: users and devices holding a named-user or per-device license without active use.
import { el, field, table, utc, ago } from '../ui.js';

export async function reharvest(ctx) {
  const days = ctx.query.get('days') || '30';
  const form = el('form', { class: 'filters', 'aria-label': 'Reharvest window' },
    field('No active use for (days)', el('input', { id: 'reharvest-days', name: 'days', type: 'number', min: 1, max: 366, value: days })),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.go('#/reharvest?days=' + encodeURIComponent(new FormData(form).get('days')));
  });
  const candidates = await ctx.api.get('/api/v1/compliance/reharvest?days=' + encodeURIComponent(days));
  return [
    el('h2', {}, 'Reharvest candidates'), form,
    el('p', { class: 'hint' }, 'Who holds a license of a product with a users or devices entitlement (a session in the '
      + 'last year) but had no active time in the last ' + days + ' days. Reclaiming these licenses lowers the next cap.'),
    table('Reharvest candidates, ' + days + ' days', ['Product', 'Kind', 'User or device', 'Last active', 'Entitlements'],
      candidates.map(c => [c.product, c.kind, c.id,
        c.lastActiveAt ? el('time', { datetime: c.lastActiveAt, title: utc(c.lastActiveAt) }, ago(c.lastActiveAt)) : 'never',
        c.entitlements.join(', ')]),
      { empty: 'No candidates: every holder of a named-user or per-device license used it in the last ' + days + ' days.' }),
  ];
}
