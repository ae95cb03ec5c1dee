import { userIdFor } from './tenant-builder';
import { DEMO_DOMAIN, PEOPLE, type PersonName } from './people';

// The six people the Teams Playground config (.m365agentsplayground.yml) uses: the signed-in helpdesk
// agent plus exactly five others chosen so each shows a different report.

export interface PlaygroundPerson {
  /** What trying the bot with this person demonstrates. */
  demonstrates: string;
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
}

function person(name: PersonName, demonstrates: string): PlaygroundPerson {
  const spec = PEOPLE[name];
  const upn = `${spec.key}@${DEMO_DOMAIN}`;
  const mail = 'mailLocal' in spec ? `${String(spec.mailLocal)}@${DEMO_DOMAIN}` : upn;
  return {
    demonstrates,
    id: userIdFor(spec.key),
    displayName: `${spec.givenName} ${spec.surname}`,
    givenName: spec.givenName,
    surname: spec.surname,
    userPrincipalName: upn,
    mail,
  };
}

/** The signed-in agent and the five people the Playground lists; `signInOnly` can sign in instead. */
export const PLAYGROUND_PEOPLE: {
  readonly agent: PlaygroundPerson;
  readonly others: readonly PlaygroundPerson[];
  readonly signInOnly: readonly PlaygroundPerson[];
} = {
  agent: person('lotte', 'helpdesk agent (direct member of Helpdesk Agents)'),
  others: [
    person('daan', 'enrollment failures (iOS and macOS), some with Microsoft remediation text'),
    person('sander', 'non-compliant Windows device (BitLocker off, old build) and a stale iPad'),
    person('pieter', 'licensed but no devices'),
    person('james', 'not a helpdesk agent (the bot should refuse to troubleshoot for him)'),
    person('sanneDeBoer', 'healthy: compliant devices, apps installed, app protection applied'),
  ],
  // With ACCESS_MODE=intune-roles Lotte administers every country; these two are scoped helpdesks.
  signInOnly: [
    person('ruben', 'Netherlands helpdesk: Intune role scoped to Dutch users and Netherlands-tagged devices'),
    person(
      'emma',
      'United Kingdom helpdesk: custom Intune role scoped to London users and UK-tagged devices',
    ),
  ],
};
