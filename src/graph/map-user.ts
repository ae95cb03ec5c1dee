import type { User } from '@microsoft/microsoft-graph-types';
import type { UserIdentity } from '../troubleshooting/report';
import { textOrNull } from './odata-type';

export function mapUserIdentity(user: User): UserIdentity {
  const upn = user.userPrincipalName ?? '';
  return {
    id: user.id ?? '',
    displayName: user.displayName ?? upn,
    userPrincipalName: upn,
    mail: textOrNull(user.mail),
    jobTitle: textOrNull(user.jobTitle),
    department: textOrNull(user.department),
    officeLocation: textOrNull(user.officeLocation),
    accountEnabled: typeof user.accountEnabled === 'boolean' ? user.accountEnabled : null,
    // B2B guests have userType Guest; their UPN carries #EXT# even when userType was changed to Member.
    isGuest: user.userType === 'Guest' || upn.toUpperCase().includes('#EXT#'),
  };
}
