/** How long a job's lease lasts: as long as the sweep function's timeout (`functions/registry.ts`). */
export const LEASE_MS = 5 * 60_000;
