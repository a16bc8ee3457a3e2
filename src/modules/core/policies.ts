import { anyOf, definePolicy, signedIn, withRole } from '../../platform/authz/policy.ts';
import { calendarPolicy } from '../../platform/calendar/calendar.ts';
import { settingsPolicy } from '../../platform/settings/settings.ts';

/** The platform's own actions: the dashboard, the audit trail, the calendar and the settings. */
export const corePolicy = definePolicy({
  'dashboard.view': signedIn,
  'audit.view': anyOf(withRole('supervisor'), withRole('auditor'), withRole('admin')),
  ...calendarPolicy,
  ...settingsPolicy,
});
