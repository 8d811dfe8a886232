/** What one process runs; chosen with `--role`. `all` is the api and the workers together. */
export const ROLES = ['all', 'api', 'worker', 'migrate'] as const;
export type Role = (typeof ROLES)[number];
