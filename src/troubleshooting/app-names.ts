// Product names of the apps people register under app protection, by iOS bundle id or Android package
// name (what Graph's appIdentifier carries). Proper names, the same in every language.
const KNOWN_APPS: ReadonlyMap<string, string> = new Map([
  ['com.microsoft.office.outlook', 'Microsoft Outlook'],
  ['com.microsoft.skype.teams', 'Microsoft Teams'],
  ['com.microsoft.teams', 'Microsoft Teams'],
  ['com.microsoft.teams2', 'Microsoft Teams'],
  ['com.microsoft.emmx', 'Microsoft Edge'],
  ['com.microsoft.msedge', 'Microsoft Edge'],
  ['com.microsoft.skydrive', 'Microsoft OneDrive'],
  ['com.microsoft.office.word', 'Microsoft Word'],
  ['com.microsoft.office.excel', 'Microsoft Excel'],
  ['com.microsoft.office.powerpoint', 'Microsoft PowerPoint'],
  ['com.microsoft.office.onenote', 'Microsoft OneNote'],
  ['com.microsoft.onenote', 'Microsoft OneNote'],
  ['com.microsoft.officemobile', 'Microsoft 365 Copilot'],
  ['com.microsoft.office.officehubrow', 'Microsoft 365 Copilot'],
  ['com.microsoft.sharepoint', 'Microsoft SharePoint'],
  ['com.microsoft.todos', 'Microsoft To Do'],
  ['com.microsoft.planner', 'Microsoft Planner'],
  ['com.microsoft.powerbimobile', 'Microsoft Power BI'],
  ['com.microsoft.microsoftpowerbimobile', 'Microsoft Power BI'],
  ['com.microsoft.intune.mam.managedbrowser', 'Intune Managed Browser'],
  ['com.microsoft.windowsintune.companyportal', 'Company Portal'],
  ['com.microsoft.companyportal', 'Company Portal'],
  ['com.microsoft.azureauthenticator', 'Microsoft Authenticator'],
  ['com.azure.authenticator', 'Microsoft Authenticator'],
]);

/** The product name for a bundle id or package name; null when the app is not a known one. */
export function appName(appIdentifier: string): string | null {
  return KNOWN_APPS.get(appIdentifier.toLowerCase()) ?? null;
}
