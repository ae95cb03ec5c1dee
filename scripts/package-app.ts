// Builds the Teams app package: npm run package -- [--bot-id=<guid>] [--app-id=<guid>] [--out=<zip>]
// Fills the ${{BOT_ID}} / ${{TEAMS_APP_ID}} placeholders of appPackage/manifest.json, validates the result
// offline against its bundled schema, checks nl.json and the icons, and writes the zip.

import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  APP_PACKAGE_DIR,
  AppPackageError,
  DEFAULT_BOT_ID,
  DEFAULT_OUT_FILE,
  DEFAULT_TEAMS_APP_ID,
  buildAppPackage,
  isJsonObject,
  type Json,
} from './app-package';

const USAGE = `Usage: npm run package -- [options]

Builds the Teams app package from ${path.relative(process.cwd(), APP_PACKAGE_DIR) || '.'}/ after validating it.

Options:
  --bot-id=<guid>   Microsoft App ID of the bot registration; replaces \${{BOT_ID}}
                    (default: ${DEFAULT_BOT_ID}, a demo id)
  --app-id=<guid>   Teams app id; replaces \${{TEAMS_APP_ID}}
                    (default: ${DEFAULT_TEAMS_APP_ID}, a demo id)
  --out=<file>      Zip to write (default: ${path.relative(process.cwd(), DEFAULT_OUT_FILE)})
  -h, --help        Show this help
`;

const show = (value: Json | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value));

async function main(argv: string[]): Promise<number> {
  let values: { 'bot-id'?: string; 'app-id'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'bot-id': { type: 'string' },
        'app-id': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = await buildAppPackage({
      botId: values['bot-id'] ?? DEFAULT_BOT_ID,
      appId: values['app-id'] ?? DEFAULT_TEAMS_APP_ID,
      outFile: values.out === undefined ? DEFAULT_OUT_FILE : path.resolve(values.out),
    });
    const bot = Array.isArray(result.manifest.bots) ? result.manifest.bots[0] : undefined;
    console.log(`Wrote ${result.outFile}`);
    console.log(`  files:  ${result.entries.join(', ')}`);
    console.log(`  app id: ${show(result.manifest.id)}`);
    console.log(`  bot id: ${isJsonObject(bot) ? show(bot.botId) : '(none)'}`);
    console.log(`  schema: ${show(result.manifest.$schema)}`);
    return 0;
  } catch (e) {
    if (e instanceof AppPackageError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
