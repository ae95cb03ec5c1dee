// Demo mode's chat client: the Microsoft 365 Agents Playground, configured so that its current user is a
// helpdesk agent of the demo tenant and its other users are demo-tenant people.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PlaygroundPerson } from '../demo-tenant';
import type { Logger } from '../logging/logger';
import { PROJECT_ROOT } from '../paths/project-root';

export const PLAYGROUND_PORT = 56150;

export interface PlaygroundSettings {
  botEndpoint: string;
  tenantId: string;
  people: { agent: PlaygroundPerson; others: readonly PlaygroundPerson[] };
  /** Where the generated config file goes (it is the Playground's working directory). */
  dataDir: string;
  port?: number;
  /** The environment the child process gets, from config.ts. */
  env: Readonly<Record<string, string | undefined>>;
}

function personLine(p: PlaygroundPerson, index: number): string {
  // The Playground's schema spells it userPrincipleName.
  return `  - { id: user-id-${index}, name: "${p.displayName}", userPrincipleName: ${p.userPrincipalName}, aadObjectId: ${p.id}, givenName: "${p.givenName}", surname: "${p.surname}", email: ${p.mail} }`;
}

/**
 * The Playground's six people with `user` (the start of a UPN) as the signed-in one; null when nobody
 * matches. The signed-in person decides what the bot shows: an agent's dashboard or a user's own view.
 */
export function signInAs(
  people: {
    agent: PlaygroundPerson;
    others: readonly PlaygroundPerson[];
    signInOnly?: readonly PlaygroundPerson[];
  },
  user: string | null,
): { agent: PlaygroundPerson; others: PlaygroundPerson[] } | null {
  const everyone = [people.agent, ...people.others];
  const chosen =
    user === null
      ? people.agent
      : [...everyone, ...(people.signInOnly ?? [])].find((p) =>
          p.userPrincipalName.toLowerCase().startsWith(user),
        );
  if (!chosen) return null;
  // The Playground lists exactly five others: someone from outside the six takes the last one's place.
  const others = everyone.filter((p) => p !== chosen).slice(0, everyone.length - 1);
  return { agent: chosen, others };
}

export function playgroundConfigYaml(settings: Omit<PlaygroundSettings, 'dataDir' | 'env'>): string {
  const { agent, others } = settings.people;
  if (others.length !== 5) throw new Error('The Playground needs exactly 5 other users');
  return [
    'version: "0.1.1"',
    `tenantId: ${settings.tenantId}`,
    'bot:',
    '  id: 28:helpdesk-bot',
    '  name: Helpdesk Troubleshooter',
    'currentUser:',
    '  id: user-id-0',
    `  name: "${agent.displayName}"`,
    `  userPrincipleName: ${agent.userPrincipalName}`,
    `  aadObjectId: ${agent.id}`,
    `  givenName: "${agent.givenName}"`,
    `  surname: "${agent.surname}"`,
    `  email: ${agent.mail}`,
    'users:',
    ...others.map((p, i) => personLine(p, i + 1)),
    'personalChat:',
    '  id: personal-chat-id',
    'groupChat:',
    '  id: group-chat-id',
    '  name: IT Group Chat',
    'team:',
    '  id: team-id',
    '  name: IT Support',
    '  aadGroupId: 00000000-0000-4000-8000-000000000031',
    '  channels:',
    '    - id: channel-tier2-id',
    '      name: Tier 2',
    '',
  ].join('\n');
}

export interface RunningPlayground {
  child: ChildProcess;
  /** Resolves with the port once the Playground listens (it picks another port when the one asked is taken). */
  ready: Promise<number>;
  stop(): void;
}

export function startPlayground(settings: PlaygroundSettings, logger: Logger): RunningPlayground {
  const dir = resolve(settings.dataDir, 'playground');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, '.m365agentsplayground.yml');
  writeFileSync(configPath, playgroundConfigYaml(settings));
  const port = settings.port ?? PLAYGROUND_PORT;
  const bin = join(PROJECT_ROOT, 'node_modules', '.bin', 'agentsplayground');
  const child = spawn(bin, ['-e', settings.botEndpoint, '-c', 'msteams', '--dt', '-p', String(port)], {
    cwd: dir,
    env: { ...settings.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<number>((resolveReady, rejectReady) => {
    child.once('exit', (code) => rejectReady(new Error(`The Playground exited with code ${String(code)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const line = chunk.toString().trim();
      if (!line) return;
      logger.info('playground.output', { line: line.slice(0, 300) });
      const listening = /Listening on (\d+)/.exec(line);
      if (listening?.[1]) resolveReady(Number(listening[1]));
    });
  });
  // A caller that never awaits `ready` must not see an unhandled rejection when the child stops.
  ready.catch(() => undefined);
  child.stderr?.on('data', (chunk: Buffer) => {
    const line = chunk.toString().trim();
    if (line) logger.warn('playground.output', { line: line.slice(0, 300) });
  });
  child.on('error', (error) => logger.error('playground.failed', { error: error.message }));
  return { child, ready, stop: () => child.kill() };
}
