/** Answer of an entry gate: allowed, or refused with a stable reason code. */
export type EntryCheck = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };
