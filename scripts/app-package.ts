// Building blocks of the Teams app package, shared by scripts/package-app.ts and its tests:
// placeholder substitution, offline schema validation of the manifest and its localization file,
// the localization coverage check, PNG header/pixel checks of the icons, and writing the zip.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', 'appPackage');
export const DEFAULT_OUT_FILE = path.resolve(__dirname, '..', 'build', 'appPackage.zip');
/** Demo ids used when none are passed; GUID-shaped so the manifest validates. */
export const DEFAULT_BOT_ID = '00000000-0000-0000-0000-000000000011';
export const DEFAULT_TEAMS_APP_ID = '00000000-0000-0000-0000-000000000010';
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Microsoft 365 Agents Toolkit placeholder syntax: `${{NAME}}`. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A problem with the package sources; `problems` lists every finding, one line each. */
export class AppPackageError extends Error {
  constructor(
    summary: string,
    readonly problems: readonly string[],
  ) {
    super(problems.length > 0 ? `${summary}\n${problems.map((p) => `  - ${p}`).join('\n')}` : summary);
    this.name = 'AppPackageError';
  }
}

export const isJsonObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------- placeholders

export interface PackageIds {
  botId: string;
  appId: string;
}

/** The placeholder values for the given ids; throws if an id is not a GUID. */
export function placeholderValues(ids: PackageIds): Record<string, string> {
  const problems: string[] = [];
  if (!GUID.test(ids.botId)) problems.push(`bot id "${ids.botId}" is not a GUID`);
  if (!GUID.test(ids.appId)) problems.push(`app id "${ids.appId}" is not a GUID`);
  if (problems.length > 0) throw new AppPackageError('Invalid ids:', problems);
  return { BOT_ID: ids.botId.toLowerCase(), TEAMS_APP_ID: ids.appId.toLowerCase() };
}

/** Names of the `${{NAME}}` placeholders in every string of a JSON value. */
export function findPlaceholders(value: Json): string[] {
  const found = new Set<string>();
  const visit = (v: Json): void => {
    if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) found.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isJsonObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

/** Replaces `${{NAME}}` in every string (keys are left alone); throws on placeholders without a value. */
export function substitutePlaceholders<T extends Json>(
  value: T,
  values: Readonly<Record<string, string>>,
): T {
  const unknown = findPlaceholders(value).filter((name) => !Object.hasOwn(values, name));
  if (unknown.length > 0) {
    throw new AppPackageError(
      'No value for placeholder(s):',
      unknown.map((name) => `\${{${name}}}`),
    );
  }
  const visit = (v: Json): Json => {
    if (typeof v === 'string') return v.replace(PLACEHOLDER, (_m, name: string) => values[name]!);
    if (Array.isArray(v)) return v.map(visit);
    if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value) as T;
}

// ---------------------------------------------------------------- schemas (offline only)

/** Where @microsoft/app-manifest keeps the schema for a developer.microsoft.com schema URL, if it has it. */
export function bundledSchemaPath(schemaUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(schemaUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'developer.microsoft.com') return null;
  // Localized URLs (/en-us/json-schemas/...) point at the same schema.
  const match = /^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/(json-schemas\/[A-Za-z0-9._/-]+\.json)$/i.exec(url.pathname);
  if (!match || match[1]!.includes('..')) return null;
  const packageRoot = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(packageRoot, 'build', ...match[1]!.split('/'));
  return existsSync(file) ? file : null;
}

/** Loads a schema bundled with @microsoft/app-manifest; refuses any schema that would need the network. */
export async function loadBundledSchema(schemaUrl: string): Promise<Schema> {
  if (bundledSchemaPath(schemaUrl) === null) {
    throw new AppPackageError(`Schema not bundled with @microsoft/app-manifest (offline validation only):`, [
      schemaUrl,
    ]);
  }
  // fetchSchema reads the bundled copy (with its own clean-up of the JSON text) when it exists.
  return AppManifestUtils.fetchSchema(schemaUrl);
}

function schemaUrlOf(document: Json, label: string): string {
  if (!isJsonObject(document) || typeof document.$schema !== 'string') {
    throw new AppPackageError(`${label} has no "$schema" URL`, []);
  }
  return document.$schema;
}

/** Schema errors of a Teams manifest, validated offline against the schema its `$schema` names. */
export async function validateManifest(manifest: Json): Promise<string[]> {
  const schema = await loadBundledSchema(schemaUrlOf(manifest, 'manifest.json'));
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}

/**
 * Escapes the `]` that close no character class, which JavaScript accepts as a literal except in unicode
 * mode, the mode ajv compiles patterns in. The bundled localization schemas have such patterns
 * (`activityTypes\[\b(...)\b]\.description`), so ajv cannot compile them as they are.
 */
export function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    let out = '';
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '\\') {
        out += c + (pattern[i + 1] ?? '');
        i++;
      } else if (c === '[' && !inClass) {
        inClass = true;
        out += c;
      } else if (c === ']') {
        out += inClass ? c : '\\]';
        inClass = false;
      } else {
        out += c;
      }
    }
    return out;
  }
}

/** A copy of a schema with every `pattern` and `patternProperties` key made unicode-safe. */
function withUnicodeSafePatterns(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withUnicodeSafePatterns);
  if (!isJsonObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]): [string, Json] => {
      if (key === 'pattern' && typeof value === 'string') return [key, unicodeSafePattern(value)];
      if (key === 'patternProperties' && isJsonObject(value)) {
        return [
          key,
          Object.fromEntries(
            Object.entries(value).map(([p, sub]) => [unicodeSafePattern(p), withUnicodeSafePatterns(sub)]),
          ),
        ];
      }
      return [key, withUnicodeSafePatterns(value)];
    }),
  );
}

/** Schema errors of a localization file (MicrosoftTeams.Localization.schema.json), offline. */
export async function validateLocalization(localization: Json): Promise<string[]> {
  const schema = await loadBundledSchema(schemaUrlOf(localization, 'localization file'));
  const safe = withUnicodeSafePatterns(schema) as unknown as Schema;
  return AppManifestUtils.validateAgainstSchema(localization as unknown as AppManifest, safe);
}

/** `v1.30` from `.../teams/v1.30/MicrosoftTeams.schema.json`. */
export function schemaVersion(schemaUrl: string): string | null {
  return /\/teams\/(v[0-9]+\.[0-9]+|vDevPreview)\//.exec(schemaUrl)?.[1] ?? null;
}

// ---------------------------------------------------------------- localization coverage

/** Every string leaf of a JSON value, keyed by the path syntax localization files use: `a.b[0].c`. */
export function stringLeaves(value: Json, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  const visit = (v: Json, at: string): void => {
    if (typeof v === 'string') leaves.set(at, v);
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${at}[${i}]`));
    else if (isJsonObject(v)) for (const [k, x] of Object.entries(v)) visit(x, at === '' ? k : `${at}.${k}`);
  };
  visit(value, prefix);
  return leaves;
}

/**
 * The manifest's localizable strings that are set, by localization key. Which keys are localizable comes
 * from the localization schema itself: its named properties and its patternProperties.
 */
export function localizableStrings(manifest: Json, localizationSchema: Json): Map<string, string> {
  if (!isJsonObject(localizationSchema)) throw new Error('localization schema is not an object');
  const named = new Set(
    Object.keys(isJsonObject(localizationSchema.properties) ? localizationSchema.properties : {}).filter(
      (k) => k !== '$schema' && k !== 'localizationKeys',
    ),
  );
  const patterns = Object.keys(
    isJsonObject(localizationSchema.patternProperties) ? localizationSchema.patternProperties : {},
  ).map((p) => new RegExp(p));
  const result = new Map<string, string>();
  for (const [key, text] of stringLeaves(manifest)) {
    if (named.has(key) || patterns.some((p) => p.test(key))) result.set(key, text);
  }
  return result;
}

export interface LocalizationCoverage {
  /** Localizable strings set in the manifest with no (or an empty) translation. */
  missing: string[];
  /** Translations for strings the manifest does not have. */
  stale: string[];
}

export function localizationCoverage(
  manifest: Json,
  localization: Json,
  localizationSchema: Json,
): LocalizationCoverage {
  if (!isJsonObject(localization)) return { missing: [], stale: [] };
  const wanted = localizableStrings(manifest, localizationSchema);
  const missing = [...wanted.keys()].filter((key) => {
    const text = localization[key];
    return typeof text !== 'string' || text.trim() === '';
  });
  const stale = Object.keys(localization).filter(
    (key) => key !== '$schema' && key !== 'localizationKeys' && !wanted.has(key),
  );
  return { missing, stale };
}

// ---------------------------------------------------------------- PNG

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the IHDR chunk, which a valid PNG has first, right after the signature. */
export function readPngHeader(png: Buffer): PngHeader {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  if (png.toString('ascii', 12, 16) !== 'IHDR' || png.readUInt32BE(8) !== 13) {
    throw new Error('PNG does not start with an IHDR chunk');
  }
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24]!,
    colorType: png[25]!,
    interlace: png[28]!,
  };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** PNG chunk checksum (CRC-32, as in zlib). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes a pixel, rows top to bottom. */
  data: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes the PNGs this project makes (scripts/make-icons.ts) and other simple ones: 8-bit RGBA or
 * grey+alpha, not interlaced, any of the five row filters. Checks chunk CRCs. Grey+alpha is expanded to RGBA.
 */
export function decodePng(png: Buffer): RgbaImage {
  const header = readPngHeader(png);
  const channels = header.colorType === 6 ? 4 : header.colorType === 4 ? 2 : 0;
  if (header.bitDepth !== 8 || channels === 0 || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG format (bit depth ${header.bitDepth}, colour type ${header.colorType}, ` +
        `interlace ${header.interlace}); expected 8-bit RGBA or grey+alpha, not interlaced`,
    );
  }
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    if (at + 12 > png.length) throw new Error('truncated PNG chunk');
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const end = at + 8 + length;
    if (end + 4 > png.length) throw new Error(`truncated PNG chunk ${type}`);
    if (crc32(png.subarray(at + 4, end)) !== png.readUInt32BE(end)) throw new Error(`bad CRC in ${type}`);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, end));
    if (type === 'IEND') break;
    at = end + 4;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = header;
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong length');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[row + x - channels]! : 0;
      const up = y > 0 ? pixels[row - stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[row - stride + x - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter type ${filter}`);
      pixels[row + x] = (line[x]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const grey = pixels[i * 2]!;
    data.set([grey, grey, grey, pixels[i * 2 + 1]!], i * 4);
  }
  return { width, height, data };
}

/** Pixels that are neither fully transparent nor white (white at any alpha is fine: anti-aliased edges). */
export function nonWhiteOpaquePixels(image: RgbaImage): { x: number; y: number; rgba: number[] }[] {
  const found: { x: number; y: number; rgba: number[] }[] = [];
  for (let i = 0; i < image.width * image.height; i++) {
    const [r, g, b, a] = image.data.subarray(i * 4, i * 4 + 4);
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      found.push({ x: i % image.width, y: Math.floor(i / image.width), rgba: [r!, g!, b!, a!] });
    }
  }
  return found;
}

/** Problems with the icons the manifest names: missing files, wrong sizes, a non-white outline. */
export function iconProblems(manifest: Json, sourceDir: string): string[] {
  const icons = isJsonObject(manifest) ? manifest.icons : undefined;
  if (!isJsonObject(icons)) return ['manifest.json has no "icons"'];
  const problems: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const file = icons[kind];
    const size = ICON_SIZES[kind];
    if (typeof file !== 'string') {
      problems.push(`icons.${kind} is not set`);
      continue;
    }
    const full = path.join(sourceDir, file);
    if (!existsSync(full)) {
      problems.push(`${file} (icons.${kind}) does not exist in ${sourceDir}`);
      continue;
    }
    const png = readFileSync(full);
    try {
      const header = readPngHeader(png);
      if (header.width !== size || header.height !== size) {
        problems.push(
          `${file} is ${header.width}x${header.height}; the ${kind} icon must be ${size}x${size}`,
        );
      }
      if (kind === 'outline') {
        const bad = nonWhiteOpaquePixels(decodePng(png));
        if (bad.length > 0) {
          const first = bad[0]!;
          problems.push(
            `${file}: ${bad.length} pixel(s) are neither white nor transparent ` +
              `(first at ${first.x},${first.y}: rgba(${first.rgba.join(', ')}))`,
          );
        }
      }
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- the package

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppPackageError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, []);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (e) {
    throw new AppPackageError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, []);
  }
}

/** The language files named in localizationInfo, relative to the package root. */
export function languageFiles(manifest: Json): string[] {
  const info = isJsonObject(manifest) ? manifest.localizationInfo : undefined;
  if (!isJsonObject(info)) return [];
  const files: string[] = [];
  if (typeof info.defaultLanguageFile === 'string') files.push(info.defaultLanguageFile);
  if (Array.isArray(info.additionalLanguages)) {
    for (const lang of info.additionalLanguages) {
      if (isJsonObject(lang) && typeof lang.file === 'string') files.push(lang.file);
    }
  }
  return [...new Set(files)];
}

/** The icon files named in the manifest, relative to the package root. */
export function iconFiles(manifest: Json): string[] {
  const icons = isJsonObject(manifest) ? manifest.icons : undefined;
  if (!isJsonObject(icons)) return [];
  return [...new Set(Object.values(icons).filter((f): f is string => typeof f === 'string'))];
}

export interface CheckedPackage {
  /** manifest.json with the placeholders filled in. */
  manifest: JsonObject;
  /** Language files (substituted), by file name. */
  languages: Map<string, Json>;
  /** Every file of the package, by its name inside the zip. */
  files: Map<string, Buffer>;
}

const jsonBytes = (value: Json): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/**
 * Reads appPackage/, fills in the ids and checks everything: the manifest and each language file against
 * their bundled schemas, translations for every localizable string, icon sizes and the outline's colours.
 * Throws an AppPackageError listing every problem found.
 */
export async function checkAppPackage(sourceDir: string, ids: PackageIds): Promise<CheckedPackage> {
  const values = placeholderValues(ids);
  const manifest = substitutePlaceholders(readJson(path.join(sourceDir, 'manifest.json')), values);
  if (!isJsonObject(manifest)) throw new AppPackageError('manifest.json is not a JSON object', []);
  const problems: string[] = [];

  const manifestSchemaUrl = schemaUrlOf(manifest, 'manifest.json');
  for (const error of await validateManifest(manifest)) problems.push(`manifest.json: ${error.trim()}`);

  for (const file of [...languageFiles(manifest), ...iconFiles(manifest)]) {
    if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) {
      throw new AppPackageError('manifest.json names a file outside the package:', [file]);
    }
  }
  const files = new Map<string, Buffer>([['manifest.json', jsonBytes(manifest)]]);
  const languages = new Map<string, Json>();
  for (const file of languageFiles(manifest)) {
    let localization: Json;
    try {
      localization = substitutePlaceholders(readJson(path.join(sourceDir, file)), values);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      continue;
    }
    languages.set(file, localization);
    files.set(file, jsonBytes(localization));
    const url = isJsonObject(localization) ? localization.$schema : undefined;
    if (typeof url !== 'string') {
      problems.push(`${file} has no "$schema" URL`);
      continue;
    }
    if (schemaVersion(url) !== schemaVersion(manifestSchemaUrl)) {
      problems.push(`${file}: $schema version ${schemaVersion(url)} differs from the manifest's`);
    }
    for (const error of await validateLocalization(localization)) problems.push(`${file}: ${error.trim()}`);
    const coverage = localizationCoverage(manifest, localization, await loadBundledSchema(url));
    for (const key of coverage.missing) problems.push(`${file}: no translation for "${key}"`);
    for (const key of coverage.stale) problems.push(`${file}: "${key}" is not a string in the manifest`);
  }

  // iconProblems reports missing icon files; the ones that exist go into the package as they are.
  problems.push(...iconProblems(manifest, sourceDir));
  for (const file of iconFiles(manifest)) {
    const full = path.join(sourceDir, file);
    if (existsSync(full)) files.set(file, readFileSync(full));
  }

  if (problems.length > 0) throw new AppPackageError('The Teams app package is not valid:', problems);
  return { manifest, languages, files };
}

export interface BuildOptions extends Partial<PackageIds> {
  /** Folder with manifest.json, its language files and icons. Default: appPackage/. */
  sourceDir?: string;
  /** Zip to write. Default: build/appPackage.zip. */
  outFile?: string;
}

export interface BuildResult {
  outFile: string;
  /** Names of the files in the zip. */
  entries: string[];
  manifest: JsonObject;
}

/** Checks the package (see checkAppPackage) and writes the zip, every file at its root. */
export async function buildAppPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const sourceDir = options.sourceDir ?? APP_PACKAGE_DIR;
  const outFile = path.resolve(options.outFile ?? DEFAULT_OUT_FILE);
  const checked = await checkAppPackage(sourceDir, {
    botId: options.botId ?? DEFAULT_BOT_ID,
    appId: options.appId ?? DEFAULT_TEAMS_APP_ID,
  });
  const zip = new AdmZip();
  for (const [name, bytes] of checked.files) zip.addFile(name, bytes);
  mkdirSync(path.dirname(outFile), { recursive: true });
  zip.writeZip(outFile);
  return { outFile, entries: [...checked.files.keys()], manifest: checked.manifest };
}
