// Devices and their agents: enrollment state, last seen, agent version, batches received, spool evictions.
import { el, table, num, utc, ago, badge, chart } from '../ui.js';

const STALE_MS = 10 * 60 * 1000;

export async function devices(ctx) {
  const list = await ctx.api.get('/api/v1/devices');
  const state = d => (d.enrollment === 'REVOKED' ? 'revoked'
    : !d.lastSeenAt ? 'never seen' : Date.now() - Date.parse(d.lastSeenAt) > STALE_MS ? 'stale' : 'reporting');
  const counts = {};
  list.forEach(d => { counts[state(d)] = (counts[state(d)] || 0) + 1; });
  const versions = {};
  list.forEach(d => { versions[d.agentVersion || 'unknown'] = (versions[d.agentVersion || 'unknown'] || 0) + 1; });
  const tiles = el('div', { class: 'tiles' },
    ['reporting', 'stale', 'never seen', 'revoked'].map(s => el('div', { class: 'tile' + (s === 'stale' && counts[s] ? ' bad' : '') },
      el('span', { class: 'tile-value' }, String(counts[s] || 0)), el('span', { class: 'tile-label' }, 'Devices ' + s))));
  const buckets = [['< 1 min', 60], ['1–5 min', 300], ['5–10 min', 600], ['10–60 min', 3600], ['> 1 h', Infinity]];
  const silence = d => (Date.now() - Date.parse(d.lastSeenAt)) / 1000;
  const seen = list.filter(d => d.lastSeenAt && d.enrollment !== 'REVOKED');
  const figure = seen.length === 0 ? null : chart(ctx, 'Devices by time since their last batch', {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: buckets.map(b => b[0]) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Devices', type: 'bar', label: { show: true, position: 'top' },
      data: buckets.map(([, max], i) => seen.filter(d => silence(d) < max && (i === 0 || silence(d) >= buckets[i - 1][1])).length) }],
  }, 200);
  list.sort((a, b) => String(a.hostname).localeCompare(String(b.hostname)));
  return [
    el('h2', {}, 'Devices and agents'),
    el('div', { class: 'columns' }, el('div', {}, tiles, el('p', {}, 'Agent versions: '
      + Object.entries(versions).map(([v, n]) => v + ' (' + n + ')').join(', '))), figure),
    el('p', { class: 'hint' }, '"Stale": no batch for more than 10 minutes; its events wait in the agent\'s spool and arrive '
      + 'when it reconnects. "Spool evictions": events the agent had to drop from a full spool.'),
    table('Devices of the tenant', ['Device', 'Host', 'Agent version', 'State', 'Last seen', 'Batches received',
      'Spool evictions', 'Enrolled', 'Enrollment'],
    list.map(d => [el('span', { class: 'mono' }, d.id), d.hostname, d.agentVersion, badge(state(d), state(d).replace(' ', '-')),
      d.lastSeenAt ? el('time', { datetime: d.lastSeenAt, title: utc(d.lastSeenAt) }, ago(d.lastSeenAt)) : 'never',
      num(d.batches), num(d.evictedEvents), utc(d.enrolledAt), badge(d.enrollment, d.enrollment === 'REVOKED' ? 'over' : 'within')]),
    { numeric: [5, 6], hideCaption: true, empty: 'No device has enrolled yet.' }),
  ];
}
