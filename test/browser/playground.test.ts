// End to end: the bot on the demo tenant, the Microsoft 365 Agents Playground as the Teams client, and
// Chromium (the system's, or the one npm install brought) driven by playwright-core, as a helpdesk agent would use it.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig, readEnv } from '../../src/config';
import { DEMO_TENANT_ID, PLAYGROUND_PEOPLE } from '../../src/demo-tenant';
import { silentLogger } from '../../src/logging/logger';
import { startPlayground, type RunningPlayground } from '../../src/playground/start-playground';
import { browserEnv, CHROMIUM_ARGS, resolveChromium } from '../support/chromium';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
// Away from the Playground's default port, so a running `npm start` does not collide with the test.
const PLAYGROUND_TEST_PORT = 56171;

describe('in the Agents Playground (Chromium)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  let playgroundUrl: string;
  let dataDir: string;

  before(async () => {
    const chromiumLaunch = await resolveChromium(readEnv());
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-browser-'));
    app = await startApp(envToConfig({ PORT: '0', PLAYGROUND: 'off', DATA_DIR: dataDir }), silentLogger);
    playground = startPlayground(
      {
        botEndpoint: `${app.url}/api/messages`,
        tenantId: DEMO_TENANT_ID,
        people: PLAYGROUND_PEOPLE,
        dataDir: join(ARTIFACTS, 'data'),
        port: PLAYGROUND_TEST_PORT,
        env: readEnv(),
      },
      silentLogger,
    );
    playgroundUrl = `http://localhost:${await playground.ready}`;
    browser = await chromium.launch({
      executablePath: chromiumLaunch.executablePath,
      args: CHROMIUM_ARGS,
      env: browserEnv(readEnv(), chromiumLaunch),
    });
  });

  after(async () => {
    await browser?.close();
    playground?.stop();
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    // Fonts come from a CDN this machine cannot reach; the page works without them.
    await page.route(/cdn\.office\.net/, (route) => route.abort());
    // The Playground's bundle loads slowly on a busy machine; the compose box below waits as long.
    await page.goto(playgroundUrl, { timeout: 60_000 });
  });

  afterEach(async function () {
    const name = (this.currentTest?.title ?? 'test').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: join(ARTIFACTS, `playground-${name}.png`), fullPage: true });
    await page.close();
  });

  async function send(text: string): Promise<void> {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.waitFor({ timeout: 60_000 });
    await box.click();
    await box.fill(text);
    await page.keyboard.press('Enter');
  }

  const card = (text: string | RegExp): Locator => page.locator('.ac-adaptiveCard', { hasText: text }).last();

  it('troubleshoots a user, opens the enrollment failures and a failure row with its remediation', async () => {
    await send('troubleshoot daan.smit@northwind.example');
    const dashboard = card('Troubleshooting: Daan Smit');
    await dashboard.waitFor({ timeout: 30_000 });
    assert.match(await dashboard.innerText(), /Likely causes/);

    await dashboard.getByText('Enrollment failures', { exact: true }).click();
    const failures = card('failed enrollment attempts');
    await failures.waitFor({ timeout: 30_000 });
    assert.match(await failures.innerText(), /OS version/);

    await failures.getByText('Apple onboarding').first().click();
    const details = card('Possible remediations');
    await details.waitFor({ timeout: 30_000 });
    const text = await details.innerText();
    assert.match(text, /Failure details/);
    // The numbered steps render as an ordered list.
    assert.ok((await details.locator('ol li').count()) >= 2, 'numbered remediation steps');
    assert.match(text, /Resources/);
  });

  it('sets a tier-2 channel, escalates from a dashboard, and shows the case card in that channel', async () => {
    await page.getByText('Tier 2', { exact: true }).click();
    // The bot's introduction in the channel has a reply box of its own; the first box starts a new post.
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
    await box.click();
    // Pick the bot from the mention popup (a menu), not the name shown on its introduction card, which may
    // still be arriving while the box is typed into.
    await box.pressSequentially('@Help');
    const suggestion = page.getByRole('menuitem', { name: /Helpdesk Troubleshooter/ });
    await suggestion.waitFor({ timeout: 30_000 });
    await suggestion.click();
    await box.pressSequentially(' use this channel for escalations');
    await page.getByRole('button', { name: 'Post' }).click();
    await card('This channel now receives all escalations').waitFor({ timeout: 30_000 });

    await page.getByText('Personal Chat', { exact: true }).click();
    await send('troubleshoot daan.smit@northwind.example');
    const dashboard = card('Troubleshooting: Daan Smit');
    await dashboard.waitFor({ timeout: 30_000 });
    await dashboard.getByRole('button', { name: 'Escalate to tier 2' }).click();
    await dashboard.getByPlaceholder('What is wrong, in one line').fill('iPhone keeps failing to enroll');
    await dashboard.getByRole('button', { name: 'Send', exact: true }).click();
    const confirmation = card(/Escalated as HD-/);
    await confirmation.waitFor({ timeout: 30_000 });
    const caseId = /HD-[0-9A-Z]{6}/.exec(await confirmation.innerText())?.[0];
    assert.ok(caseId, 'a case id');

    await page.getByText('Tier 2', { exact: true }).click();
    const caseCard = card(caseId);
    await caseCard.waitFor({ timeout: 30_000 });
    const base = await caseCard.innerText();
    assert.match(base, /Daan Smit/);
    assert.match(base, /iPhone keeps failing to enroll/);
    assert.match(base, /visible to helpdesk agents only/);

    // The Playground does not do user-specific views; "Show details" is the fallback Teams also offers.
    await caseCard.getByRole('button', { name: 'Show details' }).click();
    await card('Evidence as it was').waitFor({ timeout: 30_000 });
    await card('Evidence as it was').getByRole('button', { name: 'Claim' }).click();
    await card(`Claimed by ${PLAYGROUND_PEOPLE.agent.displayName}`).waitFor({ timeout: 30_000 });
  });

  it('opens a likely cause into its failure details', async () => {
    await send('troubleshoot daan.smit@northwind.example');
    const dashboard = card('Troubleshooting: Daan Smit');
    await dashboard.waitFor({ timeout: 30_000 });
    assert.match(await dashboard.innerText(), /2 attempts since/);
    await dashboard.getByText('iOS/iPadOS timeout or failure', { exact: true }).click();
    const details = card('Possible remediations');
    await details.waitFor({ timeout: 30_000 });
    assert.match(await details.innerText(), /iOS\/iPadOS timeout or failure/);
  });

  it('answers in Dutch to a Dutch command, and drills down from a Dutch likely cause', async () => {
    await send('probleemoplossing daan');
    const dashboard = card('Probleemoplossing: Daan Smit');
    await dashboard.waitFor({ timeout: 30_000 });
    const text = await dashboard.innerText();
    assert.match(text, /Waarschijnlijke oorzaken/);
    assert.match(text, /2 pogingen sinds/);
    await dashboard.getByText('Time-out of fout op iOS/iPadOS', { exact: true }).click();
    // The click answers in the card's language: Dutch headings, and not one English one.
    const details = card('Mogelijke oplossingen');
    await details.waitFor({ timeout: 30_000 });
    const detailsText = await details.innerText();
    assert.match(detailsText, /Time-out of fout op iOS\/iPadOS/);
    assert.match(detailsText, /Details van de fout/);
    assert.doesNotMatch(
      detailsText,
      /Failure details|Possible remediations|Resources|iOS\/iPadOS timeout or failure/,
    );
  });
});
