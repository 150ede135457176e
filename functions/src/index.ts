/**
 * Cloud Functions (2nd gen) entry point. The watchlist API, scheduled jobs and notifications arrive with the
 * serverless issue; until then this module only exposes the versions it will report, so the workspace
 * builds and the dependency rules cover it.
 */
export const FUNCTIONS_CODEBASE = 'engine-functions';
