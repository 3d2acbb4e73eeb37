// The web console: signs in through Keycloak, shows the views the user's roles allow and routes
// between them with the URL hash (#/usage?product=autocad...), so every view can be linked and the
// browser's back button works. No framework and no build step (docs/decisions/0901-console-without-a-bundler.md).

import { Auth } from './auth.js';
import { Api } from './api.js';
import { $, el, announce, errorText } from './ui.js';
import { dashboard } from './views/dashboard.js';
import { usage } from './views/usage.js';
import { entitlements } from './views/entitlements.js';
import { compliance } from './views/compliance.js';
import { reharvest } from './views/reharvest.js';
import { alerts } from './views/alerts.js';
import { devices } from './views/devices.js';
import { audit } from './views/audit.js';
import { bills } from './views/bills.js';

const MANAGER = 'license-manager';
const FINANCE = 'finance';
const ADMIN = 'admin';

/** Each view and the roles that see it (the API enforces the same rules on its endpoints). */
const VIEWS = [
  { path: 'dashboard', title: 'Dashboard', roles: [MANAGER, ADMIN], view: dashboard },
  { path: 'bills', title: 'Bills', roles: [FINANCE, ADMIN], view: bills },
  { path: 'usage', title: 'Product usage', roles: [MANAGER, FINANCE, ADMIN], view: usage },
  { path: 'entitlements', title: 'Entitlements', roles: [MANAGER, ADMIN], view: entitlements },
  { path: 'compliance', title: 'Compliance', roles: [MANAGER, FINANCE, ADMIN], view: compliance },
  { path: 'reharvest', title: 'Reharvest', roles: [MANAGER, ADMIN], view: reharvest },
  { path: 'alerts', title: 'Alerts', roles: [MANAGER, ADMIN], view: alerts },
  { path: 'devices', title: 'Devices', roles: [MANAGER, ADMIN], view: devices },
  { path: 'audit', title: 'Audit log', roles: [MANAGER, FINANCE, ADMIN], view: audit },
];

let leaving = [];

/** "#/bills/2026-11/lines/2?x=1" -> { name: 'bills', parts: ['2026-11', 'lines', '2'], query: URLSearchParams } */
function parseHash() {
  const [path, query] = window.location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...parts] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name, parts, query: new URLSearchParams(query || '') };
}

function renderNav(allowed) {
  const list = $('#nav ul');
  list.replaceChildren(...allowed.map(v => el('li', {}, el('a', { href: '#/' + v.path, 'data-view': v.path }, v.title))));
}

function markCurrent(name) {
  document.querySelectorAll('#nav a').forEach(a => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

async function route(app) {
  if (window.location.hash && !window.location.hash.startsWith('#/')) return; // an in-page anchor, not a view
  leaving.forEach(fn => fn());
  leaving = [];
  const { name, parts, query } = parseHash();
  const entry = app.allowed.find(v => v.path === name);
  if (!entry) {
    window.location.replace('#/' + app.allowed[0].path);
    return;
  }
  markCurrent(entry.path);
  const main = $('#view');
  const ctx = {
    api: app.api, user: app.user, parts, query,
    can: role => app.user.roles.includes(role) || app.user.roles.includes(ADMIN),
    onLeave: fn => leaving.push(fn),
    go: hash => { window.location.hash = hash; },
  };
  document.title = entry.title + ' · License metering console';
  main.replaceChildren(el('p', { class: 'loading' }, 'Loading ' + entry.title.toLowerCase() + '…'));
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await entry.view(ctx);
    main.replaceChildren(...[content].flat());
    announce(entry.title + ' loaded');
  } catch (e) {
    main.replaceChildren(el('h2', {}, entry.title), el('p', { class: 'message error', role: 'alert' }, errorText(e)));
  } finally {
    main.removeAttribute('aria-busy');
  }
  if (app.moveFocus) main.focus({ preventScroll: true });
  app.moveFocus = true;
}

async function start() {
  const config = await (await fetch('/console/config')).json();
  const auth = new Auth(config);
  await auth.completeLogin();
  await auth.accessToken();
  const user = auth.user();
  $('#user').textContent = user.name + ' · tenant ' + user.tenant;
  const logout = $('#logout');
  logout.hidden = false;
  logout.addEventListener('click', () => auth.logout());
  const allowed = VIEWS.filter(v => v.roles.some(r => user.roles.includes(r)));
  if (allowed.length === 0) {
    $('#view').replaceChildren(el('p', { class: 'message error', role: 'alert' },
      'Your account has none of the roles this console serves (license-manager, finance, admin).'));
    return;
  }
  document.body.dataset.roles = user.roles.join(' ');
  $('.skip').addEventListener('click', event => {
    event.preventDefault();
    $('#view').focus();
  });
  renderNav(allowed);
  const toggle = $('#menu-toggle');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    $('#nav').classList.toggle('open', open);
  });
  const app = { api: new Api(auth), user, allowed, moveFocus: false };
  window.addEventListener('hashchange', () => {
    $('#nav').classList.remove('open');
    toggle.setAttribute('aria-expanded', 'false');
    route(app);
  });
  await route(app);
}

start().catch(e => {
  $('#view').replaceChildren(el('p', { class: 'message error', role: 'alert' }, e.message));
});
