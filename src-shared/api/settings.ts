/** Settings: filled in by the domains that need them. */
export const settingsApi = {};
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domain
export interface SettingsEvents {}
