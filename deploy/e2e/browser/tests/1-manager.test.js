// A license manager signs in through Keycloak, is refused an invalid entitlement with the API's reason,
// creates one with a low cap on a product the demo fleet uses, and sees its alert appear after the
// fleet's usage. Screenshots of the manager's views go to docs/screenshots/console-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, logIn, navLinks, openView, waitForView, screenshot, eventually, fleetWarmedUp } from './support.js';

const ENTITLEMENT = 'e2e-tableau-launches-' + Date.now().toString(36);
let browser;
let page;

before(async () => {
  browser = await openBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

test('managerLogsInThroughKeycloakAndSeesTheManagerViews', async () => {
  await logIn(page, 'manager', 'manager');
  await waitForView(page, 'Dashboard');
  const links = await navLinks(page);
  for (const view of ['Dashboard', 'Product usage', 'Entitlements', 'Compliance', 'Reharvest', 'Alerts', 'Devices', 'Audit log']) {
    assert.ok(links.includes(view), view + ' is in the navigation: ' + links);
  }
  assert.ok(!links.includes('Bills'), 'bills are for finance');
});

test('skipLinkAndNavigationAreReachableWithTheKeyboard', async () => {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'view', 'the skip link moves focus to the content');
  assert.match(await page.evaluate(() => window.location.hash), /^#\/dashboard/);
  // back from the content into the navigation
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Shift+Tab');
    if (await page.evaluate(() => document.activeElement.textContent === 'Entitlements')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Entitlements');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Entitlements');
});

test('entitlementEditorShowsTheReasonOfARefusal', async () => {
  await openView(page, '#/entitlements', 'Entitlements');
  await page.fill('#ent-id', ENTITLEMENT);
  await page.selectOption('#ent-product', 'tableau');
  await page.selectOption('#ent-metric', 'launches');
  await page.fill('#ent-quantity', '-1');
  await page.fill('#ent-unitPrice', '2.00');
  await page.click('#view form.editor button[type="submit"]');
  const message = page.locator('#view .message.error');
  await message.waitFor();
  assert.match(await message.textContent(), /^400 invalid\w*: quantity is required: a number >= 0/);
  assert.equal(await page.getAttribute('#ent-quantity', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'ent-quantity');
});

test('managerCreatesAnEntitlementWithALowCap', async () => {
  await page.fill('#ent-quantity', '2');
  await page.selectOption('#ent-period', 'day');
  await page.fill('#ent-thresholds', '50, 100');
  await page.click('#view form.editor button[type="submit"]');
  await waitForView(page, 'Entitlements');
  await page.locator('#view .message.success').waitFor();
  assert.match(await page.textContent('#view .message.success'), new RegExp('Created ' + ENTITLEMENT));
  const row = page.locator('#view table tbody tr', { hasText: ENTITLEMENT });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Tableau Desktop.*launches/);
  await screenshot(page, 'console-entitlements.png');
});

test('alertsOfTheNewEntitlementAppearAfterSimulatedUsage', async () => {
  await openView(page, '#/alerts?product=tableau', 'Alerts');
  // the view refreshes itself every 10 s: wait for the rows without reloading; the 100 % alert needs a
  // second Tableau launch of the fleet today
  const rows = page.locator('#alerts-table tbody tr', { hasText: ENTITLEMENT });
  await eventually('the 50 % and 100 % alerts of ' + ENTITLEMENT, async () => (await rows.count()) >= 2, 300_000, 1000);
  const texts = await rows.allTextContents();
  assert.ok(texts.every(t => /Tableau Desktop/.test(t) && /launches/.test(t)), texts.join('\n'));
  assert.ok(texts.some(t => /100%/.test(t)) && texts.some(t => /50%/.test(t)), texts.join('\n'));
});

test('demoFleetRunsLongEnoughForTheScreenshotsToShowUsage', async () => {
  await fleetWarmedUp();
});

test('dashboardShowsConsumptionAgainstTheSeededCaps', async () => {
  await openView(page, '#/dashboard', 'Dashboard');
  const rows = await page.$$eval('#view table tbody tr', trs => trs.map(tr => tr.textContent));
  assert.ok(rows.some(r => r.includes('AutoCAD') && r.includes('concurrent_users')), 'seeded AutoCAD entitlement: ' + rows);
  await screenshot(page, 'console-dashboard.png');
});

test('alertsViewListsTheTenantsAlertsNewestFirst', async () => {
  await openView(page, '#/alerts', 'Alerts');
  const rows = await page.$$eval('#alerts-table tbody tr', trs => trs.map(tr => tr.textContent));
  assert.ok(rows.length >= 3, 'alerts: ' + rows);
  await screenshot(page, 'console-alerts.png');
});

test('devicesOfTheDemoFleetAreListedWithTheirAgents', async () => {
  await openView(page, '#/devices', 'Devices');
  const rows = await page.$$eval('#view table tbody tr', trs => trs.length);
  assert.ok(rows >= 20, 'devices listed: ' + rows);
  assert.match(await page.textContent('#view table tbody'), /ENROLLED/);
  await screenshot(page, 'console-devices.png');
});

test('complianceReharvestAndAuditViewsShowTheTenantsData', async () => {
  await openView(page, '#/compliance', 'Compliance');
  assert.match(await page.textContent('#view table tbody'), new RegExp(ENTITLEMENT));
  await screenshot(page, 'console-compliance.png');
  await openView(page, '#/reharvest?days=1', 'Reharvest');
  await screenshot(page, 'console-reharvest.png');
  await openView(page, '#/audit', 'Audit log');
  const first = await page.locator('#view table tbody tr').first().textContent();
  assert.match(first, new RegExp('manager.*entitlement.*' + ENTITLEMENT));
  await page.locator('#view table tbody tr').first().locator('summary').click();
  assert.match(await page.locator('#view table tbody tr').first().locator('pre').last().textContent(), /"quantity": 2/);
  await screenshot(page, 'console-audit.png');
});

test('productUsageChartsConcurrencyUsersDevicesAndHours', async () => {
  await openView(page, '#/usage?product=autocad&range=30m', 'Product usage');
  const tiles = await page.$$eval('#view .tile', ts => ts.map(t => t.textContent));
  assert.ok(tiles.some(t => /^[1-9]\d*(\.\d+)?Devices/.test(t)), 'AutoCAD was used: ' + tiles);
  assert.equal(await page.locator('#view .chart[data-rendered="true"]').count(), 3);
  // the period and granularity pickers change the URL and the charts
  await page.selectOption('#usage-granularity', 'hour');
  await page.click('#view form.filters button[type="submit"]');
  await page.waitForFunction(() => window.location.hash.includes('granularity=hour'));
  await waitForView(page, 'Product usage');
  await openView(page, '#/usage?product=autocad&range=15m', 'Product usage');
  await screenshot(page, 'console-usage.png');
  assert.deepEqual(browser.problems, []);
});
