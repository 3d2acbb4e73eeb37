// Finance signs in through Keycloak, opens this month's bill, downloads its CSV and checks the CSV's
// totals against the bill shown and the bill's JSON; drills down from a line to its allocations and
// the usage behind one; downloads the PDF; is asked to confirm before finalizing and sees the API's
// reason when finalizing is refused (the month is still open). Screenshots go to docs/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openBrowser, logIn, navLinks, openView, waitForView, screenshot, apiToken, apiGet, thisMonth } from './support.js';

const MONTH = thisMonth();
let browser;
let page;

before(async () => {
  browser = await openBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

/** The CSV of a bill: one row per allocation (BillCsv). Fields here never hold commas or quotes. */
function parseCsv(text) {
  const [header, ...rows] = text.trim().split(/\r\n/).map(line => line.split(','));
  return rows.map(cells => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

const cents = amount => Math.round(Number(amount) * 100);

test('financeLogsInThroughKeycloakAndSeesTheFinanceViews', async () => {
  await logIn(page, 'finance', 'finance');
  await waitForView(page, 'Bills');
  const links = await navLinks(page);
  assert.deepEqual(links, ['Bills', 'Product usage', 'Compliance', 'Audit log']);
  await screenshot(page, 'console-bills.png');
});

test('csvOfTheBillAddsUpToTheTotalsShownAndToTheBillsJson', async () => {
  const token = await apiToken('finance', 'finance');
  // a draft bill moves while the fleet runs: take the page, the CSV and the JSON again until they were read
  // between two changes
  let last;
  for (let attempt = 1; attempt <= 5; attempt++) {
    await openView(page, '#/bills/' + MONTH + '?attempt=' + attempt, 'Bill ' + MONTH);
    const shown = (await page.textContent('#bill-total')).trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    assert.equal(download.suggestedFilename(), 'bill-' + MONTH + '-draft.csv');
    const rows = parseCsv(await readFile(await download.path(), 'utf8'));
    const json = await apiGet(token, '/api/v1/bills/' + MONTH);
    assert.ok(rows.length > 0, 'the demo bill has allocations');
    assert.ok(rows.every(r => r.period === MONTH && r.status === 'DRAFT'));
    // the allocations of each line add up exactly to the line's amount
    const lines = new Map();
    for (const r of rows) {
      const line = lines.get(r.entitlement + '/' + r.kind) || { amount: cents(r.line_amount), allocated: 0, currency: r.currency };
      line.allocated += cents(r.amount);
      lines.set(r.entitlement + '/' + r.kind, line);
    }
    for (const [id, line] of lines) assert.equal(line.allocated, line.amount, 'allocations of ' + id);
    const csvTotal = [...lines.values()].reduce((sum, l) => sum + l.amount, 0);
    const currency = rows[0].currency;
    last = { shown, csv: (csvTotal / 100).toFixed(2) + ' ' + currency, json: json.total + ' ' + json.currency };
    if (last.shown === last.csv && last.csv === last.json) break;
  }
  assert.equal(last.csv, last.shown, 'CSV total against the total shown');
  assert.equal(last.csv, last.json, 'CSV total against the bill JSON');
  await screenshot(page, 'console-bill.png');
});

test('billDrillsDownToLinesAllocationsAndTheUsageBehindThem', async () => {
  await openView(page, '#/bills/' + MONTH, 'Bill ' + MONTH);
  await page.click('#view table a[href$="/lines/0"]:not([aria-label])');
  await waitForView(page, 'Bill ' + MONTH + ', line 1');
  const allocations = page.locator('#view section table tbody tr');
  assert.ok(await allocations.count() >= 1);
  await screenshot(page, 'console-bill-line.png');
  const usageLink = allocations.first().locator('a');
  const href = await usageLink.getAttribute('href');
  assert.match(href, /^#\/usage\?product=[a-z-]+&range=custom&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&granularity=day&costCenter=/);
  await usageLink.click();
  await waitForView(page, 'Product usage');
  assert.match(await page.textContent('#view .period'), /cost center/);
  assert.equal(await page.locator('#view .chart[data-rendered="true"]').count(), 3);
});

test('pdfOfTheBillDownloads', async () => {
  await openView(page, '#/bills/' + MONTH, 'Bill ' + MONTH);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
  assert.equal(download.suggestedFilename(), 'bill-' + MONTH + '-draft.pdf');
  const head = (await readFile(await download.path())).subarray(0, 5).toString('latin1');
  assert.equal(head, '%PDF-');
});

test('finalizeAsksForConfirmationAndShowsTheRefusalOfAnOpenMonth', async () => {
  await openView(page, '#/bills/' + MONTH, 'Bill ' + MONTH);
  await page.click('#finalize');
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp('Finalize the bill of ' + MONTH));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.match(await page.textContent('#view dl.facts'), /DRAFT/);
  await page.click('#finalize');
  await page.click('dialog[open] button.primary');
  const message = page.locator('#view .message.error');
  await message.waitFor();
  assert.match(await message.textContent(), /^409 /);
  assert.deepEqual(browser.problems, []);
});
