/** Statistics: filled in by the statistics domain (issue 3). */
export const statsApi = {};
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domain
export interface StatsEvents {}
