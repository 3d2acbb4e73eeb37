// The web console: logs in with the metering-console client (authorization code + PKCE) and shows
// what the billing API serves. No framework, no build step.
'use strict';

const state = { config: null, token: null, refresh: null, expiresAt: 0 };
const $ = (selector, root = document) => root.querySelector(selector);
const redirectUri = window.location.origin + window.location.pathname;

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function login() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, nonce }));
  const url = new URL(state.config.issuer + '/protocol/openid-connect/auth');
  Object.entries({ client_id: state.config.clientId, response_type: 'code', scope: 'openid',
    redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', state: nonce })
    .forEach(([k, v]) => url.searchParams.set(k, v));
  window.location.assign(url);
}

async function tokenRequest(form) {
  const response = await fetch(state.config.issuer + '/protocol/openid-connect/token', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  if (!response.ok) throw new Error('Login failed: ' + response.status);
  const t = await response.json();
  state.token = t.access_token;
  state.refresh = t.refresh_token;
  state.expiresAt = Date.now() + (t.expires_in - 20) * 1000;
  sessionStorage.setItem('tokens', JSON.stringify({ token: state.token, refresh: state.refresh, expiresAt: state.expiresAt }));
}

async function finishLogin(params) {
  const pkce = JSON.parse(sessionStorage.getItem('pkce') || '{}');
  if (!pkce.verifier || params.get('state') !== pkce.nonce) throw new Error('Login state mismatch; reload the page');
  await tokenRequest({ grant_type: 'authorization_code', client_id: state.config.clientId, code: params.get('code'),
    redirect_uri: redirectUri, code_verifier: pkce.verifier });
  sessionStorage.removeItem('pkce');
  history.replaceState(null, '', redirectUri);
}

async function accessToken() {
  if (state.token && Date.now() < state.expiresAt) return state.token;
  if (state.refresh) {
    try {
      await tokenRequest({ grant_type: 'refresh_token', client_id: state.config.clientId, refresh_token: state.refresh });
      return state.token;
    } catch (e) { /* fall through to a new login */ }
  }
  await login();
  return new Promise(() => {});
}

async function api(path, as = 'json') {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + await accessToken() } });
  if (response.status === 401) { state.token = null; state.refresh = null; return api(path, as); }
  if (!response.ok) {
    let reason = response.statusText;
    try { reason = (await response.json()).message || reason; } catch (e) { /* not JSON */ }
    throw new Error(response.status + ': ' + reason);
  }
  return as === 'blob' ? response.blob() : response.json();
}

function showError(e) {
  const box = $('#error');
  box.textContent = e ? e.message : '';
  box.hidden = !e;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows.map(cells => {
    const tr = document.createElement('tr');
    cells.forEach(c => { const td = document.createElement('td'); td.textContent = c ?? ''; tr.appendChild(td); });
    return tr;
  }));
}

function drawChart(series) {
  const svg = $('#chart');
  svg.replaceChildren();
  if (!series || series.length === 0) return;
  const max = Math.max(1, ...series.map(p => Number(p.value)));
  const width = 780 / series.length;
  series.forEach((p, i) => {
    const h = 180 * Number(p.value) / max;
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    Object.entries({ x: 10 + i * width, y: 190 - h, width: Math.max(1, width - 2), height: h })
      .forEach(([k, v]) => rect.setAttribute(k, v));
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = p.start + ': ' + p.value;
    rect.appendChild(title);
    svg.appendChild(rect);
  });
  const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  label.setAttribute('x', 10); label.setAttribute('y', 210); label.textContent = 'max ' + max;
  svg.appendChild(label);
}

const loaders = {
  async consumption() {
    const products = await api('/api/v1/products');
    const select = $('#consumption-form select[name=product]');
    if (select.options.length === 0) {
      products.forEach(p => select.add(new Option(p.name + ' (' + p.id + ')', p.id)));
    }
  },
  async products() {
    fill($('#products tbody'), (await api('/api/v1/products')).map(p =>
      [p.id, p.name, p.vendor, p.rules.map(r => r.executable || r.pathGlob || r.regex).join(', ')]));
  },
  async entitlements() {
    fill($('#entitlements tbody'), (await api('/api/v1/entitlements')).map(e =>
      [e.id, e.product, e.metric, e.quantity, e.period, e.unitPrice + ' ' + e.currency, e.enforcement,
        e.validFrom + ' – ' + (e.validTo || '')]));
  },
  async alerts() {
    fill($('#alerts tbody'), (await api('/api/v1/alerts')).map(a =>
      [a.at, a.product, a.metric, a.period, a.threshold, a.consumed + ' / ' + a.quantity]));
  },
  async bills() { /* on submit */ },
  async devices() {
    fill($('#devices tbody'), (await api('/api/v1/devices')).map(d =>
      [d.id, d.hostname, d.agentVersion, d.lastSeenAt, d.batches, d.enrollment]));
  },
};

async function showTab(name) {
  document.querySelectorAll('nav button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach(s => { s.hidden = s.id !== name; });
  showError(null);
  try { await loaders[name](); } catch (e) { showError(e); }
}

async function showConsumption(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const q = new URLSearchParams({ product: form.get('product'), metric: form.get('metric'),
    from: form.get('from'), to: form.get('to'), granularity: form.get('granularity') });
  if (form.get('costCenter')) q.set('costCenter', form.get('costCenter'));
  showError(null);
  try {
    const c = await api('/api/v1/consumption?' + q);
    $('#consumption-total').textContent = c.value;
    fill($('#series tbody'), (c.series || []).map(p => [p.start, p.value]));
    drawChart(c.series);
  } catch (e) { showError(e); }
}

async function showBill(event) {
  event.preventDefault();
  const period = new FormData(event.target).get('period');
  showError(null);
  try {
    const b = await api('/api/v1/bills/' + period);
    $('#bill-summary').textContent = b.period + ' · ' + b.status + ' · total ' + (b.total || '') + ' ' + (b.currency || '')
      + (b.contentHash ? ' · sha256 ' + b.contentHash : '');
    fill($('#bills tbody'), (b.lines || []).map(l => [l.product, l.metric, l.quantity, l.consumed, l.committed,
      l.overage, l.amount, (l.allocations || []).map(a => a.costCenter + ' ' + a.amount).join(', ')]));
  } catch (e) { showError(e); }
}

async function exportBill(format) {
  const period = $('#bill-form input[name=period]').value;
  if (!period) return;
  try {
    const blob = await api('/api/v1/bills/' + period + '/export?format=' + format, 'blob');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'bill-' + period + '.' + format;
    link.click();
  } catch (e) { showError(e); }
}

function whoAmI() {
  try {
    const claims = JSON.parse(atob(state.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    $('#user').textContent = (claims.preferred_username || claims.sub) + ' · tenant ' + (claims.tenant || '?');
  } catch (e) { /* no claims to show */ }
}

async function start() {
  state.config = await (await fetch('/console/config')).json();
  const saved = JSON.parse(sessionStorage.getItem('tokens') || 'null');
  if (saved) Object.assign(state, { token: saved.token, refresh: saved.refresh, expiresAt: saved.expiresAt });
  const params = new URLSearchParams(window.location.search);
  if (params.has('code')) await finishLogin(params);
  await accessToken();
  whoAmI();
  const today = new Date();
  const tomorrow = new Date(today.getTime() + 86400000);
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  $('#consumption-form input[name=from]').value = weekAgo.toISOString().slice(0, 10);
  $('#consumption-form input[name=to]').value = tomorrow.toISOString().slice(0, 10);
  $('#bill-form input[name=period]').value = today.toISOString().slice(0, 7);
  document.querySelectorAll('nav button').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('#consumption-form').addEventListener('submit', showConsumption);
  $('#bill-form').addEventListener('submit', showBill);
  document.querySelectorAll('[data-export]').forEach(b => b.addEventListener('click', () => exportBill(b.dataset.export)));
  $('#logout').addEventListener('click', () => {
    sessionStorage.clear();
    window.location.assign(state.config.issuer + '/protocol/openid-connect/logout?client_id=' + state.config.clientId
      + '&post_logout_redirect_uri=' + encodeURIComponent(redirectUri));
  });
  await showTab('consumption');
}

start().catch(showError);
