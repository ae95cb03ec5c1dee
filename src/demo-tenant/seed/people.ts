import type { PersonSpec } from './tenant-builder';

// Everyone in the fictional Northwind Logistics, by the case they demonstrate. Kept apart from the
// devices and groups so that PLAYGROUND_PEOPLE (and anything else needing only names and ids) can read
// it without building the whole tenant.

export const DEMO_ORGANISATION_NAME = 'Northwind Logistics';
export const DEMO_DOMAIN = 'northwind.example';
/** The Entra tenant id of the demo organisation. */
export const DEMO_TENANT_ID = '4e0b7a52-1d9c-4f3a-9b6e-2c8d5f7a1e90';

export const PEOPLE = {
  // Helpdesk agents: Lotte directly in "Helpdesk Agents", Ruben and Emma through the nested tier-2 group.
  lotte: {
    key: 'lotte.bakker',
    givenName: 'Lotte',
    surname: 'Bakker',
    jobTitle: 'Service Desk Lead',
    department: 'IT',
    officeLocation: 'Rotterdam',
  },
  ruben: {
    key: 'ruben.devries',
    givenName: 'Ruben',
    surname: 'de Vries',
    jobTitle: 'Service Desk Analyst',
    department: 'IT',
    officeLocation: 'Utrecht',
  },
  emma: {
    key: 'emma.clarke',
    givenName: 'Emma',
    surname: 'Clarke',
    jobTitle: 'Desktop Support Engineer',
    department: 'IT',
    officeLocation: 'London',
  },

  // Healthy: compliant devices, Intune licensed, apps installed, app protection applied.
  sanneDeBoer: {
    key: 'sanne.deboer',
    givenName: 'Sanne',
    surname: 'de Boer',
    jobTitle: 'Financial Controller',
    department: 'Finance',
    officeLocation: 'Rotterdam',
  },
  james: {
    key: 'james.patel',
    givenName: 'James',
    surname: 'Patel',
    jobTitle: 'Marketing Manager',
    department: 'Marketing',
    officeLocation: 'London',
  },
  isabel: {
    key: 'isabel.santos',
    givenName: 'Isabel',
    surname: 'Santos',
    jobTitle: 'Data Analyst',
    department: 'Finance',
    officeLocation: 'London',
  },

  // A second Sanne and a Sander: "Sanne" and "San" are ambiguous.
  sanneWillems: {
    key: 'sanne.willems',
    givenName: 'Sanne',
    surname: 'Willems',
    jobTitle: 'Account Manager',
    department: 'Sales',
    officeLocation: 'Utrecht',
  },
  sander: {
    key: 'sander.mulder',
    givenName: 'Sander',
    surname: 'Mulder',
    jobTitle: 'Logistics Planner',
    department: 'Logistics',
    officeLocation: 'Rotterdam',
  },

  // Enrollment failures.
  daan: {
    key: 'daan.smit',
    givenName: 'Daan',
    surname: 'Smit',
    jobTitle: 'Sales Representative',
    department: 'Sales',
    officeLocation: 'Utrecht',
  },
  femke: {
    key: 'femke.jansen',
    givenName: 'Femke',
    surname: 'Jansen',
    jobTitle: 'HR Advisor',
    department: 'HR',
    officeLocation: 'Rotterdam',
  },
  thomas: {
    key: 'thomas.wright',
    givenName: 'Thomas',
    surname: 'Wright',
    jobTitle: 'Logistics Consultant (contractor)',
    department: 'Logistics',
    officeLocation: 'London',
  },

  // Licensing: none at all, basic mobility only (INTUNE_O365 is not Intune), and a suspended Intune plan.
  olivia: {
    key: 'olivia.bennett',
    givenName: 'Olivia',
    surname: 'Bennett',
    jobTitle: 'Marketing Specialist',
    department: 'Marketing',
    officeLocation: 'London',
    license: 'none',
  },
  hugo: {
    key: 'hugo.peeters',
    givenName: 'Hugo',
    surname: 'Peeters',
    jobTitle: 'Warehouse Supervisor',
    department: 'Logistics',
    officeLocation: 'Rotterdam',
    license: 'o365Mdm',
  },
  kevin: {
    key: 'kevin.brouwer',
    givenName: 'Kevin',
    surname: 'Brouwer',
    jobTitle: 'Sales Intern',
    department: 'Sales',
    officeLocation: 'Utrecht',
    license: 'intuneSuspended',
  },

  // No devices at all.
  pieter: {
    key: 'pieter.vandenberg',
    givenName: 'Pieter',
    surname: 'van den Berg',
    jobTitle: 'Legal Counsel',
    department: 'Legal',
    officeLocation: 'Utrecht',
  },

  // Apostrophes and non-ASCII characters in names.
  siobhan: {
    key: 'siobhan.obrien',
    mailLocal: "siobhan.o'brien",
    givenName: 'Siobhan',
    surname: "O'Brien",
    jobTitle: 'Procurement Manager',
    department: 'Procurement',
    officeLocation: 'London',
  },
  marco: {
    key: 'marco.dancona',
    givenName: 'Marco',
    surname: "d'Ancona",
    jobTitle: 'Facilities Coordinator',
    department: 'Facilities',
    officeLocation: 'Rotterdam',
  },
  zoe: {
    key: 'zoe.celik',
    givenName: 'Zoë',
    surname: 'Çelik',
    jobTitle: 'UX Designer',
    department: 'Marketing',
    officeLocation: 'Utrecht',
  },

  // Policies and app protection problems.
  yara: {
    key: 'yara.elamrani',
    givenName: 'Yara',
    surname: 'El Amrani',
    jobTitle: 'HR Business Partner',
    department: 'HR',
    officeLocation: 'Utrecht',
  },
  lars: {
    key: 'lars.dijkstra',
    givenName: 'Lars',
    surname: 'Dijkstra',
    jobTitle: 'Field Engineer',
    department: 'Logistics',
    officeLocation: 'Rotterdam',
  },

  // Disabled account with stale devices.
  noah: {
    key: 'noah.hendriks',
    givenName: 'Noah',
    surname: 'Hendriks',
    jobTitle: 'Sales Representative',
    department: 'Sales',
    officeLocation: 'Rotterdam',
    accountEnabled: false,
  },

  // Paging: 60 devices; member of about 150 groups.
  wouter: {
    key: 'wouter.kok',
    givenName: 'Wouter',
    surname: 'Kok',
    jobTitle: 'Warehouse Operations Lead',
    department: 'Logistics',
    officeLocation: 'Rotterdam',
  },
  // Fleets at scale: 80 devices with 2 non-compliant; 500 devices with 5 non-compliant.
  fleur: {
    key: 'fleur.visser',
    givenName: 'Fleur',
    surname: 'Visser',
    jobTitle: 'Field Service Coordinator',
    department: 'Field Service',
    officeLocation: 'Eindhoven',
  },
  kees: {
    key: 'kees.dekker',
    givenName: 'Kees',
    surname: 'Dekker',
    jobTitle: 'Fleet Device Manager',
    department: 'Logistics',
    officeLocation: 'Rotterdam',
  },
  anouk: {
    key: 'anouk.vermeulen',
    givenName: 'Anouk',
    surname: 'Vermeulen',
    jobTitle: 'Programme Manager',
    department: 'PMO',
    officeLocation: 'Utrecht',
  },

  // B2B guests (#EXT# UPNs, userType Guest).
  grace: {
    key: 'grace.miller',
    givenName: 'Grace',
    surname: 'Miller',
    jobTitle: 'External Auditor',
    guestFrom: 'contoso.example',
  },
  jerome: {
    key: 'jerome.lefevre',
    givenName: 'Jérôme',
    surname: 'Lefèvre',
    jobTitle: 'Implementation Partner',
    guestFrom: 'fabrikam.example',
  },
} as const satisfies Record<string, PersonSpec>;

export type PersonName = keyof typeof PEOPLE;
