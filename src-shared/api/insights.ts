/** Insights: filled in by the insights domain (issue 6). */
export const insightsApi = {};
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domain
export interface InsightsEvents {}
