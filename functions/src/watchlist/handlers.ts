import type { Clock } from '@engine/core/ports/clock';
import { watchlistId, type StateStore, type WatchlistEntry } from '@engine/core/ports/state-store';
import type { z } from 'zod';
import { isApiError, requireAdmin, requireCaller, type Caller } from '../auth.ts';
import { fail, ok, type ApiResult } from './errors.ts';
import {
  addRequestSchema,
  listRequestSchema,
  MAX_DURATION_HOURS,
  removeRequestSchema,
  renewRequestSchema,
  TOP_LIQUID_SIZE,
} from './schemas.ts';

export interface WatchlistDeps {
  readonly store: StateStore;
  readonly clock: Clock;
}

/** The wire shape of an entry (design field names, epoch ms times). */
export interface WatchlistEntryView {
  readonly id: string;
  readonly exchange: string;
  readonly market_type: string;
  readonly symbol: string;
  readonly kind: string;
  readonly added_at: number;
  readonly expires_at: number | null;
  readonly added_by: string;
  readonly priority: number;
  readonly enabled: boolean;
  readonly rank: number | null;
}

const HOUR_MS = 3_600_000;

export function toView(entry: WatchlistEntry): WatchlistEntryView {
  return {
    id: watchlistId(entry),
    exchange: entry.exchange,
    market_type: entry.marketType,
    symbol: entry.symbol,
    kind: entry.kind,
    added_at: entry.addedAt,
    expires_at: entry.expiresAt,
    added_by: entry.addedBy,
    priority: entry.priority,
    enabled: entry.enabled,
    rank: entry.rank,
  };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): ApiResult<z.infer<S>> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? 'request' : issue.path.join('.') || 'request';
  return fail('invalid-argument', 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
}

function isLive(entry: WatchlistEntry, now: number): boolean {
  return entry.expiresAt === null || entry.expiresAt > now;
}

/** Adds a manual entry; a live entry of the same symbol (manual or top-liquid) is refused, not overwritten. */
export async function addToWatchlist(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<WatchlistEntryView>> {
  const admin = requireAdmin(caller);
  if (isApiError(admin)) return admin;
  const request = parse(addRequestSchema, input);
  if (!request.ok) return request;
  const { exchange, market_type: marketType, symbol, duration_hours, priority } = request.value;
  const now = deps.clock.now();
  const existing = await deps.store.getWatchlistEntry(watchlistId({ exchange, marketType, symbol }));
  if (existing !== null && isLive(existing, now)) {
    return existing.kind === 'top_liquid'
      ? fail('failed-precondition', 'already_top_liquid', `${symbol} is already a top-liquid pair`)
      : fail('failed-precondition', 'already_watched', `${symbol} is already watched; renew it instead`);
  }
  const entry: WatchlistEntry = {
    exchange,
    marketType,
    symbol,
    kind: 'manual',
    addedAt: now,
    expiresAt: now + duration_hours * HOUR_MS,
    addedBy: admin.uid,
    priority,
    enabled: true,
    rank: null,
  };
  await deps.store.upsertWatchlistEntry(entry);
  return ok(toView(entry));
}

/** Removes a manual entry; top-liquid entries belong to the daily updater. */
export async function removeFromWatchlist(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<{ readonly id: string; readonly removed: true }>> {
  const admin = requireAdmin(caller);
  if (isApiError(admin)) return admin;
  const request = parse(removeRequestSchema, input);
  if (!request.ok) return request;
  const { exchange, market_type: marketType, symbol } = request.value;
  const id = watchlistId({ exchange, marketType, symbol });
  const existing = await deps.store.getWatchlistEntry(id);
  if (existing === null) return fail('not-found', 'not_watched', `${symbol} is not on the watchlist`);
  if (existing.kind === 'top_liquid') {
    return fail(
      'failed-precondition',
      'top_liquid_managed',
      `${symbol} is managed by the top-liquid updater`,
    );
  }
  await deps.store.removeWatchlistEntry(id);
  return ok({ id, removed: true });
}

/**
 * Extends a live manual entry by `duration_hours` from max(now, expiresAt). An expired entry cannot be
 * renewed (add it again), and the entry may not end up more than the maximum duration ahead of now.
 */
export async function renewWatchlistEntry(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<WatchlistEntryView>> {
  const admin = requireAdmin(caller);
  if (isApiError(admin)) return admin;
  const request = parse(renewRequestSchema, input);
  if (!request.ok) return request;
  const { exchange, market_type: marketType, symbol, duration_hours } = request.value;
  const now = deps.clock.now();
  const existing = await deps.store.getWatchlistEntry(watchlistId({ exchange, marketType, symbol }));
  if (existing === null) return fail('not-found', 'not_watched', `${symbol} is not on the watchlist`);
  if (existing.kind === 'top_liquid' || existing.expiresAt === null) {
    return fail('failed-precondition', 'top_liquid_managed', `${symbol} is a permanent top-liquid pair`);
  }
  if (existing.expiresAt <= now) {
    return fail('failed-precondition', 'expired', `${symbol} has expired; add it again`);
  }
  const expiresAt = Math.max(now, existing.expiresAt) + duration_hours * HOUR_MS;
  if (expiresAt - now > MAX_DURATION_HOURS * HOUR_MS) {
    return fail('failed-precondition', 'renewal_too_long', `renewal would exceed ${MAX_DURATION_HOURS} h`);
  }
  const renewed: WatchlistEntry = { ...existing, expiresAt };
  await deps.store.upsertWatchlistEntry(renewed);
  return ok(toView(renewed));
}

export async function listWatchlist(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<{ readonly entries: readonly WatchlistEntryView[] }>> {
  const entries = await activeEntries(deps, caller, input);
  if (!entries.ok) return entries;
  return ok({ entries: entries.value.map(toView) });
}

/** The venue's top-liquid pairs by rank (1 = most 24 h quote volume), at most 15. */
export async function listTopLiquid(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<{ readonly entries: readonly WatchlistEntryView[] }>> {
  const entries = await activeEntries(deps, caller, input);
  if (!entries.ok) return entries;
  const top = entries.value
    .filter((entry) => entry.kind === 'top_liquid')
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
    .slice(0, TOP_LIQUID_SIZE);
  return ok({ entries: top.map(toView) });
}

/** Any signed-in caller may read a venue's active entries; both list operations start here. */
async function activeEntries(
  deps: WatchlistDeps,
  caller: Caller | null,
  input: unknown,
): Promise<ApiResult<readonly WatchlistEntry[]>> {
  const known = requireCaller(caller);
  if (isApiError(known)) return known;
  const request = parse(listRequestSchema, input);
  if (!request.ok) return request;
  const venue = { exchange: request.value.exchange, marketType: request.value.market_type };
  return ok(await deps.store.listActiveWatchlist(venue, deps.clock.now()));
}
