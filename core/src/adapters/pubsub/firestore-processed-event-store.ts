import type { Firestore } from 'firebase-admin/firestore';
import type { Clock } from '../../ports/clock.ts';
import { processedEventKey, type ProcessedEventStore } from './processed-event-store.ts';

export const PROCESSED_EVENTS_COLLECTION = 'processed_events';
/** Pub/Sub keeps unacknowledged messages 7 days at most; a week of memory covers every redelivery. */
export const DEFAULT_PROCESSED_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const ALREADY_EXISTS = 6;

/**
 * `processed_events/{subscription:eventId}`, written with `create()` so that of two consumers racing on
 * the same event exactly one records it. `expireAt` is the field a Firestore TTL policy deletes by.
 */
export class FirestoreProcessedEventStore implements ProcessedEventStore {
  constructor(
    private readonly db: Firestore,
    private readonly clock: Clock,
    private readonly ttlMs = DEFAULT_PROCESSED_TTL_MS,
  ) {}

  async seen(subscription: string, eventId: string): Promise<boolean> {
    const snapshot = await this.doc(subscription, eventId).get();
    return snapshot.exists;
  }

  async markProcessed(subscription: string, eventId: string): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.doc(subscription, eventId).create({
        subscription,
        eventId,
        processedAt: now,
        expireAt: new Date(now + this.ttlMs),
      });
      return true;
    } catch (error: unknown) {
      if (isAlreadyExists(error)) return false;
      throw error;
    }
  }

  private doc(subscription: string, eventId: string) {
    return this.db.collection(PROCESSED_EVENTS_COLLECTION).doc(processedEventKey(subscription, eventId));
  }
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === ALREADY_EXISTS;
}
