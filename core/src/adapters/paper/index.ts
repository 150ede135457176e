export * from './paper-venue.ts';
export * from './paper-account.ts';
