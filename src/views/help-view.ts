// `help`: every command the asker may use, with examples that work in the demo tenant. Agents see the
// lookup, audit and escalation commands; everyone else only what they can do about themselves.
import type { Role } from '../access/access-policy';
import type { Translator } from '../i18n';
import { renderCard, type AdaptiveCard } from './render-card';

const AGENT_COMMANDS = ['troubleshoot', 'me', 'audit', 'escalations', 'useChannel', 'help'] as const;
const USER_COMMANDS = ['me', 'help'] as const;

export function helpCard(tr: Translator, role: Role): AdaptiveCard {
  const { t } = tr;
  const agent = role === 'agent';
  return renderCard('help', {
    title: t('help.title'),
    intro: t(agent ? 'help.introAgent' : 'help.introUser'),
    commands: (agent ? AGENT_COMMANDS : USER_COMMANDS).map((name) => ({
      command: t(`help.${name}Command`),
      description: t(agent && name === 'me' ? 'help.meAgent' : `help.${name}`),
      example: t(`help.${name}Example`),
    })),
    // End users cannot look anyone else up: their footer shows only their own commands in the other language.
    footer: t(agent ? 'help.otherLanguage' : 'help.otherLanguageUser'),
  });
}
