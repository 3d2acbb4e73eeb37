// The audit log: who changed what and when, with the before and after of each change.
import { el, field, select, table, utc } from '../ui.js';

const ENTITIES = [['', 'Everything'], ['product', 'Products'], ['entitlement', 'Entitlements'], ['cost_center', 'Cost centers'],
  ['cost_center_members', 'Cost center members'], ['webhook', 'Webhooks']];

export async function audit(ctx) {
  const entity = ctx.query.get('entity') || '';
  const form = el('form', { class: 'filters', 'aria-label': 'Audit filters' },
    field('What', select('audit-entity', 'entity', ENTITIES, entity)), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const value = new FormData(form).get('entity');
    ctx.go('#/audit' + (value ? '?entity=' + encodeURIComponent(value) : ''));
  });
  const entries = await ctx.api.get('/api/v1/audit?limit=200' + (entity ? '&entity=' + encodeURIComponent(entity) : ''));
  return [
    el('h2', {}, 'Audit log'), form,
    table('Audit log, newest first', ['#', 'When', 'Who', 'What', 'Id', 'Action', 'Change'],
      entries.map(e => [String(e.seq), utc(e.at), e.actor, e.entity, el('span', { class: 'mono' }, e.id), e.action, change(e)]),
      { numeric: [0], hideCaption: true, empty: 'No changes recorded.' }),
  ];
}

function change(e) {
  const json = v => (v === null || v === undefined ? '–' : JSON.stringify(v, null, 1));
  return el('details', {}, el('summary', {}, 'Before and after'),
    el('div', { class: 'diff' }, el('div', {}, el('strong', {}, 'Before'), el('pre', {}, json(e.before))),
      el('div', {}, el('strong', {}, 'After'), el('pre', {}, json(e.after)))));
}
