/** Account and coins (credits server client): filled in by issue 8. */
export const accountApi = {};
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domain
export interface AccountEvents {}
