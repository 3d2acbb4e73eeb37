// Shared by the browser tests: Debian's Chromium through playwright-core, the Keycloak login, checks
// that every control is labelled, screenshots for docs/screenshots and a token for reading the API.
import { mkdtemp, rm, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BILLING = process.env.CONSOLE_URL || 'http://127.0.0.1:8080';
export const KEYCLOAK = process.env.KEYCLOAK_URL || 'http://127.0.0.1:8180';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.join(REPO, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A fresh Chromium (own profile, nothing fetched in the background) and a page of 1400 x 900. */
export async function openBrowser() {
  const profile = await mkdtemp(path.join(tmpdir(), 'console-e2e-chromium-'));
  // a persistent context is how playwright passes a fresh --user-data-dir of our choosing
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 }, acceptDownloads: true, timezoneId: 'UTC', locale: 'en-GB',
  });
  if (process.env.CONSOLE_SOURCE) await serveConsoleFrom(context, process.env.CONSOLE_SOURCE);
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  // a refused request (4xx) is logged by Chromium too; the tests provoke some on purpose
  page.on('console', m => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push('console error: ' + m.text());
  });
  return {
    page,
    problems,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * For working on the console: CONSOLE_SOURCE=billing-service/src/main/resources/META-INF/resources
 * answers its files from the source tree instead of the running service, so a change shows without
 * rebuilding. The tests and screenshots of deploy/e2e/browser/run never use it.
 */
async function serveConsoleFrom(context, dir) {
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
  await context.route(url => url.origin === BILLING && (url.pathname === '/' || url.pathname === '/index.html'
    || url.pathname.startsWith('/console/') && url.pathname !== '/console/config'), async route => {
    const file = new URL(route.request().url()).pathname.replace(/^\/$/, '/index.html');
    const body = await readFile(path.join(path.resolve(REPO, dir), file));
    await route.fulfill({ body, contentType: types[path.extname(file)] || 'application/octet-stream' });
  });
}

/** Opens the console, which sends the browser to Keycloak's login page, and signs in there. */
export async function logIn(page, user, password) {
  await page.goto(BILLING + '/');
  await page.waitForURL(url => url.href.startsWith(KEYCLOAK), { timeout: 30_000 });
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#kc-login');
  await page.waitForURL(url => url.href.startsWith(BILLING), { timeout: 30_000 });
  await page.waitForSelector('#nav a[aria-current="page"]', { state: 'attached' }); // hidden behind Menu on a phone
  assert.match(await page.textContent('#user'), new RegExp('^' + user + ' · tenant demo'));
}

export async function navLinks(page) {
  return page.$$eval('#nav a', links => links.map(a => a.textContent.trim()));
}

/** Goes to a view by its URL hash and waits until it and its charts are drawn. */
export async function openView(page, hash, heading) {
  await page.evaluate(h => { window.location.hash = h; }, hash);
  await waitForView(page, heading);
}

export async function waitForView(page, heading) {
  await page.waitForFunction(h => {
    const main = document.querySelector('#view');
    const title = main.querySelector('h2');
    return !main.hasAttribute('aria-busy') && title && title.textContent.startsWith(h);
  }, heading);
  await page.waitForFunction(() => [...document.querySelectorAll('#view .chart')].every(c => c.dataset.rendered === 'true'));
  await assertControlsLabelled(page);
}

/** Every input and select has a label, every button a name: keyboard and screen reader users can use the view. */
export async function assertControlsLabelled(page) {
  const unlabelled = await page.$$eval('#view input, #view select, #view textarea, #view button', nodes => nodes
    .filter(n => n.type !== 'hidden')
    .filter(n => !(n.labels && n.labels.length > 0) && !n.getAttribute('aria-label') && !(n.tagName === 'BUTTON' && n.textContent.trim()))
    .map(n => n.outerHTML.slice(0, 120)));
  assert.deepEqual(unlabelled, [], 'controls without a label');
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/** An access token from the dev realm's script client (password grant), to read the API beside the browser. */
export async function apiToken(user, password) {
  const response = await fetch(KEYCLOAK + '/realms/metering/protocol/openid-connect/token', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'metering-cli', username: user, password }) });
  assert.equal(response.status, 200, 'token request');
  return (await response.json()).access_token;
}

export async function apiGet(token, pathAndQuery) {
  const response = await fetch(BILLING + pathAndQuery, { headers: { Authorization: 'Bearer ' + token } });
  assert.equal(response.status, 200, 'GET ' + pathAndQuery);
  return response.json();
}

/** Polls fn until it returns something truthy or the time is up. */
export async function eventually(what, fn, timeoutMs, everyMs = 2000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('Timed out after ' + timeoutMs / 1000 + ' s waiting for ' + what);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/**
 * The screenshots should show a few minutes of the demo fleet's usage: waits until the platform has been
 * up FLEET_WARMUP_SECONDS (default 180) since STACK_READY_AT (epoch seconds, set by ../run). Without
 * STACK_READY_AT (tests run by hand against a stack that is up already) it does not wait.
 */
export async function fleetWarmedUp() {
  const readyAt = Number(process.env.STACK_READY_AT || 0);
  const wait = readyAt === 0 ? 0 : readyAt * 1000 + Number(process.env.FLEET_WARMUP_SECONDS || 180) * 1000 - Date.now();
  if (wait > 0) await new Promise(r => setTimeout(r, wait));
}

export const thisMonth = () => new Date().toISOString().slice(0, 7);
