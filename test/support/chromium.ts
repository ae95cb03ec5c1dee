// The browser the browser test drives: a system Chromium when one is on PATH, otherwise the build shipped inside
// the @sparticuz/chromium package, unpacked once into node_modules/.cache. Nothing is downloaded.
import { spawn } from 'node:child_process';
import { constants, createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import type { Env } from '../../src/config';

/** `auto` (default): the system's Chromium if found, else the packaged one; `system` and `packaged` force one. */
export const CHROMIUM_SWITCH = 'TEST_CHROMIUM';
const CHOICES = ['auto', 'system', 'packaged'] as const;
type Choice = (typeof CHOICES)[number];

const SYSTEM_NAMES = ['chromium', 'chromium-browser'];
const PROJECT_ROOT = join(__dirname, '..', '..');
const DEFAULT_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'helpdesk-test-chromium');

export interface ChromiumLaunch {
  source: 'system' | 'packaged';
  executablePath: string;
  /** Variables added to the browser's environment: the packaged build brings its own libraries and fonts. */
  env: Record<string, string>;
}

function choiceOf(env: Env): Choice {
  const raw = env[CHROMIUM_SWITCH]?.trim().toLowerCase() || 'auto';
  const choice = CHOICES.find((c) => c === raw);
  if (!choice) throw new Error(`${CHROMIUM_SWITCH} must be one of ${CHOICES.join(', ')}; got "${raw}"`);
  return choice;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function findSystemChromium(env: Env): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

async function untar(archive: string, into: string): Promise<void> {
  // --ignore-zeros: read to the end of the stream; tar otherwise stops at the end-of-archive marker and breaks the pipe.
  const tar = spawn('tar', ['-x', '--ignore-zeros', '--no-same-owner', '-C', into], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const stderr = collect(tar.stderr);
  const exited = new Promise<number | null>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', resolve);
  });
  const [, code] = await Promise.all([
    pipeline(createReadStream(archive), createBrotliDecompress(), tar.stdin),
    exited,
  ]);
  if (code !== 0) throw new Error(`tar exited with ${String(code)} unpacking ${archive}: ${stderr()}`);
}

async function inflate(archive: string, to: string): Promise<void> {
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(to, { mode: 0o755 }));
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${xmlText(join(dir, 'fonts'))}</dir>`,
    `  <cachedir>${xmlText(join(dir, 'fonts-cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** Unpacks the packaged Chromium (binary, its NSS libraries, fonts, SwiftShader) and returns its folder. */
export async function unpackPackagedChromium(cacheRoot = DEFAULT_CACHE): Promise<string> {
  const packageRoot = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(cacheRoot, version);
  if (existsSync(join(target, 'chromium'))) return target;

  await mkdir(cacheRoot, { recursive: true });
  // Unpacked beside the target and renamed into place, so a half-unpacked folder is never taken for a browser.
  const staging = await mkdtemp(join(cacheRoot, `.${version}-`));
  const bin = join(packageRoot, 'bin');
  try {
    await Promise.all([
      inflate(join(bin, 'chromium.br'), join(staging, 'chromium')),
      untar(join(bin, 'al2023.tar.br'), staging),
      untar(join(bin, 'fonts.tar.br'), staging),
      untar(join(bin, 'swiftshader.tar.br'), staging),
    ]);
    await writeFile(join(staging, 'fonts.conf'), fontsConf(target));
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another test process unpacked the same version first.
    if (existsSync(join(target, 'chromium'))) return target;
    throw error;
  }
  return target;
}

export async function resolveChromium(env: Env, cacheRoot = DEFAULT_CACHE): Promise<ChromiumLaunch> {
  const choice = choiceOf(env);
  if (choice !== 'packaged') {
    const system = await findSystemChromium(env);
    if (system) return { source: 'system', executablePath: system, env: {} };
    if (choice === 'system') throw new Error(`${CHROMIUM_SWITCH}=system, but no chromium is on PATH`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No chromium on PATH, and the packaged Chromium is built for linux-x64 only`);
  }
  const dir = await unpackPackagedChromium(cacheRoot);
  return {
    source: 'packaged',
    executablePath: join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [join(dir, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter),
      FONTCONFIG_PATH: dir,
    },
  };
}

/** The environment for the browser process: the test's own plus what the chosen build needs. */
export function browserEnv(env: Env, launch: ChromiumLaunch): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return { ...merged, ...launch.env };
}

/** Headless, offline and quiet: no sandbox (CI runs as root), no GPU, no background traffic to Google. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
