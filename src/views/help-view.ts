import type { Translator } from '../i18n';
import { renderCard, type AdaptiveCard } from './render-card';

export function helpCard(tr: Translator): AdaptiveCard {
  const { t } = tr;
  const troubleshoot = tr.language === 'nl' ? 'probleemoplossing <wie>' : 'troubleshoot <who>';
  const me = tr.language === 'nl' ? 'probleemoplossing mij' : 'troubleshoot me';
  return renderCard('help', {
    title: t('help.title'),
    intro: t('help.intro'),
    commands: [
      { command: troubleshoot, description: t('help.troubleshoot'), example: t('help.troubleshootExample') },
      { command: me, description: t('help.me'), example: t('help.meExample') },
      {
        command: tr.language === 'nl' ? 'hulp' : 'help',
        description: t('help.help'),
        example: t('help.helpExample'),
      },
    ],
  });
}
