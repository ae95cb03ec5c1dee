import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {
  APP_PACKAGE_DIR,
  AppPackageError,
  DEFAULT_BOT_ID,
  DEFAULT_TEAMS_APP_ID,
  ICON_SIZES,
  type Json,
  type JsonObject,
  buildAppPackage,
  bundledSchemaPath,
  decodePng,
  findPlaceholders,
  isJsonObject,
  loadBundledSchema,
  localizableStrings,
  localizationCoverage,
  nonWhiteOpaquePixels,
  placeholderValues,
  readPngHeader,
  schemaVersion,
  substitutePlaceholders,
  unicodeSafePattern,
  validateLocalization,
  validateManifest,
} from '../../scripts/app-package';
import { encodePng, renderColorIcon, renderOutlineIcon } from '../../scripts/make-icons';

const ROOT = path.resolve(__dirname, '..', '..');
const BOT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const APP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

const readJson = (file: string): Json =>
  JSON.parse(readFileSync(path.join(APP_PACKAGE_DIR, file), 'utf8')) as Json;
const asObject = (value: Json | undefined, what: string): JsonObject => {
  assert.ok(isJsonObject(value), `${what} is an object`);
  return value;
};
const template = (): JsonObject => asObject(readJson('manifest.json'), 'manifest.json');
const substituted = (): JsonObject =>
  substitutePlaceholders(template(), placeholderValues({ botId: BOT_ID, appId: APP_ID }));
const bot = (manifest: JsonObject): JsonObject => {
  assert.ok(Array.isArray(manifest.bots) && manifest.bots.length === 1, 'one bot');
  return asObject(manifest.bots[0], 'bots[0]');
};
const stringAt = (object: JsonObject, key: string): string => {
  const value = object[key];
  assert.equal(typeof value, 'string', `${key} is a string`);
  return value as string;
};

function tempDir(t: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'app-package-'));
  t.push(dir);
  return dir;
}

describe('Teams app package', () => {
  const cleanup: string[] = [];
  after(() => {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  describe('manifest.json', () => {
    it('uses a schema of v1.19 or newer that @microsoft/app-manifest bundles', () => {
      const url = stringAt(template(), '$schema');
      const version = schemaVersion(url);
      assert.match(version ?? '', /^v1\.\d+$/);
      assert.ok(Number(version!.split('.')[1]) >= 19, `${version} is v1.19 or newer`);
      assert.notEqual(version, 'v1.18');
      assert.ok(bundledSchemaPath(url), 'schema is in node_modules/@microsoft/app-manifest');
      assert.equal(template().manifestVersion, version!.slice(1));
    });

    it('keeps the bot id and app id as Agents Toolkit placeholders', () => {
      const manifest = template();
      assert.deepEqual(findPlaceholders(manifest), ['BOT_ID', 'TEAMS_APP_ID']);
      assert.equal(manifest.id, '${{TEAMS_APP_ID}}');
      assert.equal(bot(manifest).botId, '${{BOT_ID}}');
    });

    it('validates offline against its schema with zero errors once the ids are filled in', async () => {
      const manifest = substituted();
      assert.equal(manifest.id, APP_ID);
      assert.equal(bot(manifest).botId, BOT_ID);
      assert.deepEqual(findPlaceholders(manifest), []);
      assert.deepEqual(await validateManifest(manifest), []);
    });

    it('does not validate with the placeholders left in, and names the fields', async () => {
      const errors = await validateManifest(template());
      assert.ok(
        errors.some((e) => e.startsWith('/id ')),
        errors.join('\n'),
      );
      assert.ok(
        errors.some((e) => e.startsWith('/bots/0/botId ')),
        errors.join('\n'),
      );
    });

    it('has the name, a bot in personal, team and group chat scopes, and no file support', () => {
      const manifest = substituted();
      assert.equal(asObject(manifest.name, 'name').short, 'Helpdesk Troubleshooter');
      assert.ok(stringAt(asObject(manifest.name, 'name'), 'full').length > 'Helpdesk Troubleshooter'.length);
      assert.deepEqual(bot(manifest).scopes, ['personal', 'team', 'groupChat']);
      assert.equal(bot(manifest).supportsFiles, false);
      assert.match(stringAt(manifest, 'accentColor'), /^#[0-9A-F]{6}$/i);
      assert.deepEqual(manifest.validDomains, []);
      assert.equal(manifest.webApplicationInfo, undefined);
      const developer = asObject(manifest.developer, 'developer');
      for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
        assert.match(stringAt(developer, key), /^https:\/\/[a-z0-9.-]+\.example(\/|$)/);
      }
    });

    it('has a command list for each scope with the bot commands', () => {
      const lists = bot(substituted()).commandLists;
      assert.ok(Array.isArray(lists));
      const byScope = new Map<string, JsonObject[]>();
      for (const list of lists) {
        const l = asObject(list, 'command list');
        assert.ok(Array.isArray(l.scopes) && l.scopes.length === 1, 'one scope per list');
        assert.ok(Array.isArray(l.commands));
        const scope = l.scopes[0];
        assert.ok(typeof scope === 'string');
        byScope.set(
          scope,
          l.commands.map((c) => asObject(c, 'command')),
        );
      }
      assert.deepEqual([...byScope.keys()].sort(), ['groupChat', 'personal', 'team']);
      const base = ['troubleshoot', 'troubleshoot me', 'help'];
      const titles = (scope: string): string[] => byScope.get(scope)!.map((c) => stringAt(c, 'title'));
      assert.deepEqual(titles('personal'), [...base, 'audit', 'escalations']);
      assert.deepEqual(titles('groupChat'), [...base, 'audit']);
      assert.deepEqual(titles('team'), [...base, 'use this channel for escalations', 'escalations', 'audit']);
      for (const commands of byScope.values()) {
        for (const command of commands) assert.ok(stringAt(command, 'description').length > 10);
        assert.match(stringAt(commands[0]!, 'description'), /troubleshoot <user>/);
      }
    });
  });

  describe('nl.json', () => {
    it('is declared as nl-nl beside the en-us default, and validates against the localization schema', async () => {
      const info = asObject(template().localizationInfo, 'localizationInfo');
      assert.equal(info.defaultLanguageTag, 'en-us');
      assert.deepEqual(info.additionalLanguages, [{ languageTag: 'nl-nl', file: 'nl.json' }]);
      const nl = readJson('nl.json');
      assert.equal(
        schemaVersion(stringAt(asObject(nl, 'nl.json'), '$schema')),
        schemaVersion(stringAt(template(), '$schema')),
      );
      assert.deepEqual(await validateLocalization(nl), []);
    });

    it('the localization schema check catches unknown keys and too long strings', async () => {
      const nl = asObject(readJson('nl.json'), 'nl.json');
      const errors = await validateLocalization({ ...nl, 'name.short': 'x'.repeat(31), 'bots[0].oops': 'x' });
      assert.ok(
        errors.some((e) => e.startsWith('/name.short ')),
        errors.join('\n'),
      );
      assert.ok(
        errors.some((e) => e.includes('additional properties')),
        errors.join('\n'),
      );
    });

    it('translates every localizable string the manifest sets, and nothing else', async () => {
      const manifest = substituted();
      const nl = readJson('nl.json');
      const schema = (await loadBundledSchema(
        stringAt(asObject(nl, 'nl.json'), '$schema'),
      )) as unknown as Json;
      const wanted = localizableStrings(manifest, schema);
      // name, both descriptions, and a title and description for each of the 15 commands
      assert.equal(wanted.size, 4 + 2 * 15);
      assert.ok(wanted.has('bots[0].commandLists[1].commands[4].description'));
      assert.deepEqual(localizationCoverage(manifest, nl, schema), { missing: [], stale: [] });
    });

    it('is in Dutch, keeps the English command keywords and names the Dutch aliases', () => {
      const manifest = substituted();
      const nl = asObject(readJson('nl.json'), 'nl.json');
      for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
        const [group, field] = key.split('.') as [string, string];
        assert.notEqual(nl[key], asObject(manifest[group], group)[field], `${key} is translated`);
      }
      assert.match(stringAt(nl, 'description.full'), /\b(het|de|een|en)\b/);
      const lists = bot(manifest).commandLists as Json[];
      lists.forEach((list, i) => {
        (asObject(list, 'list').commands as Json[]).forEach((command, j) => {
          const key = `bots[0].commandLists[${i}].commands[${j}]`;
          const c = asObject(command, 'command');
          assert.equal(nl[`${key}.title`], c.title, `${key}.title stays the English keyword`);
          assert.notEqual(nl[`${key}.description`], c.description, `${key}.description is translated`);
          if (c.title === 'troubleshoot')
            assert.match(stringAt(nl, `${key}.description`), /probleemoplossing <wie>/);
          if (c.title === 'troubleshoot me') assert.match(stringAt(nl, `${key}.description`), /mijn status/);
        });
      });
    });
  });

  describe('icons', () => {
    const png = (file: string): Buffer => readFileSync(path.join(APP_PACKAGE_DIR, file));

    it('have the exact sizes Teams requires', () => {
      const color = readPngHeader(png('color.png'));
      const outline = readPngHeader(png('outline.png'));
      assert.deepEqual([color.width, color.height], [ICON_SIZES.color, ICON_SIZES.color]);
      assert.deepEqual([outline.width, outline.height], [ICON_SIZES.outline, ICON_SIZES.outline]);
      assert.deepEqual([ICON_SIZES.color, ICON_SIZES.outline], [192, 32]);
    });

    it('the outline icon has only white or transparent pixels, and some of each', () => {
      const image = decodePng(png('outline.png'));
      assert.deepEqual(nonWhiteOpaquePixels(image), []);
      const alphas = Array.from({ length: image.width * image.height }, (_, i) => image.data[i * 4 + 3]!);
      assert.ok(alphas.filter((a) => a === 255).length > 50, 'a visible glyph');
      assert.ok(alphas.filter((a) => a === 0).length > 300, 'a transparent background');
    });

    it('the colour icon is in full colour, opaque in the middle', () => {
      const image = decodePng(png('color.png'));
      const at = (x: number, y: number): number[] =>
        Array.from(image.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4));
      assert.equal(at(96, 180)[3], 255);
      const [r, g, b] = at(96, 180);
      assert.ok(r !== g || g !== b, 'the background is not grey');
      assert.ok(nonWhiteOpaquePixels(image).length > 10000);
    });

    it('are what scripts/make-icons.ts draws now (run it after changing the drawing)', () => {
      // Pixels, not bytes: another zlib build may compress the same pixels differently.
      const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
      assert.ok(same(decodePng(png('color.png')).data, renderColorIcon().data), 'color.png is up to date');
      assert.ok(
        same(decodePng(png('outline.png')).data, renderOutlineIcon().data),
        'outline.png is up to date',
      );
    });

    it('the decoder reads back what the encoder writes, including grey pixels', () => {
      const data = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
      assert.deepEqual(decodePng(encodePng({ width: 3, height: 2, data })).data, data);
      const bad = decodePng(encodePng({ width: 1, height: 1, data: new Uint8Array([200, 200, 200, 255]) }));
      assert.equal(nonWhiteOpaquePixels(bad).length, 1);
    });
  });

  describe('substitution', () => {
    it('rejects ids that are not GUIDs and placeholders without a value', () => {
      assert.throws(() => placeholderValues({ botId: 'bot', appId: APP_ID }), /bot id "bot" is not a GUID/);
      assert.throws(
        () => substitutePlaceholders({ a: '${{BOT_ID}}', b: ['${{ OTHER }}'] }, { BOT_ID: BOT_ID }),
        (e: unknown) => e instanceof AppPackageError && e.problems.join() === '${{OTHER}}',
      );
    });

    it('makes the localization schema patterns compile in unicode mode without changing what they match', () => {
      const pattern = String.raw`^a\[\b([0-9]|1[0-9])\b]\.d$`;
      assert.throws(() => new RegExp(pattern, 'u'));
      const safe = new RegExp(unicodeSafePattern(pattern), 'u');
      assert.ok(safe.test('a[12].d') && new RegExp(pattern).test('a[12].d'));
      assert.ok(!safe.test('a[12]xd'));
      assert.equal(unicodeSafePattern('^[a-z]+$'), '^[a-z]+$');
    });
  });

  describe('packaging', () => {
    it('writes a zip with exactly the manifest, nl.json and the two icons, ids filled in', async () => {
      const outFile = path.join(tempDir(cleanup), 'out', 'appPackage.zip');
      const result = await buildAppPackage({ outFile, botId: BOT_ID, appId: APP_ID });
      assert.equal(result.outFile, outFile);
      const zip = new AdmZip(outFile);
      const names = zip.getEntries().map((e) => e.entryName);
      assert.deepEqual([...names].sort(), ['color.png', 'manifest.json', 'nl.json', 'outline.png']);
      const manifest = asObject(JSON.parse(zip.readAsText('manifest.json')) as Json, 'zipped manifest');
      assert.equal(manifest.id, APP_ID);
      assert.equal(bot(manifest).botId, BOT_ID);
      assert.deepEqual(await validateManifest(manifest), []);
      assert.equal(
        asObject(JSON.parse(zip.readAsText('nl.json')) as Json, 'zipped nl.json')['name.short'],
        'Helpdesk Probleemoplosser',
      );
      assert.ok(zip.readFile('outline.png')!.equals(readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'))));
    });

    it('uses the demo ids by default', async () => {
      const result = await buildAppPackage({ outFile: path.join(tempDir(cleanup), 'a.zip') });
      assert.equal(result.manifest.id, DEFAULT_TEAMS_APP_ID);
      assert.equal(bot(result.manifest).botId, DEFAULT_BOT_ID);
    });

    it('refuses to package, listing every problem, when icons or translations are wrong', async () => {
      const source = tempDir(cleanup);
      cpSync(APP_PACKAGE_DIR, source, { recursive: true });
      writeFileSync(path.join(source, 'outline.png'), encodePng(renderOutlineIcon(48)));
      const dark = renderOutlineIcon();
      dark.data.set([0, 0, 0, 255], 0);
      writeFileSync(path.join(source, 'color.png'), encodePng(dark));
      const nl = asObject(readJson('nl.json'), 'nl.json');
      delete nl['bots[0].commandLists[1].commands[4].description'];
      writeFileSync(path.join(source, 'nl.json'), JSON.stringify(nl));
      const outFile = path.join(source, 'never.zip');
      await assert.rejects(buildAppPackage({ sourceDir: source, outFile }), (e: unknown) => {
        assert.ok(e instanceof AppPackageError);
        assert.deepEqual(e.problems, [
          'nl.json: no translation for "bots[0].commandLists[1].commands[4].description"',
          'color.png is 32x32; the color icon must be 192x192',
          'outline.png is 48x48; the outline icon must be 32x32',
        ]);
        return true;
      });
      assert.throws(() => readFileSync(outFile));
    });

    it('npm run package: the script takes --bot-id, --app-id and --out, and fails clearly on a bad id', function () {
      // Two cold starts of tsx in child processes: seconds on a busy machine, more than mocha's default.
      this.timeout(90_000);
      const dir = tempDir(cleanup);
      const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      const script = path.join(ROOT, 'scripts', 'package-app.ts');
      const outFile = path.join(dir, 'cli.zip');
      const ok = spawnSync(
        process.execPath,
        [tsx, script, `--bot-id=${BOT_ID}`, `--app-id=${APP_ID}`, `--out=${outFile}`],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, new RegExp(`Wrote ${outFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const zipped = JSON.parse(new AdmZip(outFile).readAsText('manifest.json')) as JsonObject;
      assert.equal(bot(zipped).botId, BOT_ID);

      const bad = spawnSync(process.execPath, [tsx, script, '--bot-id=not-a-guid', `--out=${outFile}x`], {
        encoding: 'utf8',
      });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /bot id "not-a-guid" is not a GUID/);
    });
  });
});
