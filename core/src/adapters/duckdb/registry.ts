import path from 'node:path';
import type { Instrument } from '../../domain/instrument.ts';
import { Attachment, IN_MEMORY } from './attachment.ts';
import { aliasForInstrumentId, databasePath } from './schema.ts';

/**
 * Registered instruments and their attachments: unique aliases, and one file per instrument (two ids that
 * would share a file are refused, since DuckDB cannot attach one file twice).
 */
export class InstrumentRegistry {
  private readonly entries = new Map<string, Attachment>();
  private readonly registrations = new Map<string, Promise<void>>();
  private readonly aliases = new Set<string>();
  private readonly locations = new Map<string, string>();

  private readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = rootDir === IN_MEMORY ? IN_MEMORY : path.resolve(rootDir);
  }

  get size(): number {
    return this.entries.size;
  }

  get(instrumentId: string): Attachment | undefined {
    return this.entries.get(instrumentId);
  }

  /** A snapshot, so callers may await while iterating. */
  all(): Attachment[] {
    return [...this.entries.values()];
  }

  /** The pending or finished registration of this instrument, or undefined when it is new. */
  registrationOf(instrument: Instrument): Promise<void> | undefined {
    const known = this.entries.get(instrument.id);
    if (known === undefined) return undefined;
    const k = known.instrument;
    if (
      k.venue !== instrument.venue ||
      k.marketType !== instrument.marketType ||
      k.symbol !== instrument.symbol
    ) {
      throw new Error(`instrument id ${instrument.id} is already registered with other fields`);
    }
    return this.registrations.get(instrument.id) ?? Promise.resolve();
  }

  /** Adds a new instrument with its file location and a unique alias such as `s_binance_spot_btcusdt`. */
  add(instrument: Instrument): Attachment {
    const location = this.rootDir === IN_MEMORY ? IN_MEMORY : databasePath(this.rootDir, instrument);
    const holder = location === IN_MEMORY ? undefined : this.locations.get(location);
    if (holder !== undefined)
      throw new Error(`${instrument.id} and ${holder} map to the same file ${location}`);
    const base = aliasForInstrumentId(instrument.id);
    let alias = base;
    for (let n = 2; this.aliases.has(alias); n++) alias = `${base}_${n}`;
    const entry = new Attachment(instrument, alias, location);
    this.entries.set(instrument.id, entry);
    this.aliases.add(alias);
    if (location !== IN_MEMORY) this.locations.set(location, instrument.id);
    return entry;
  }

  setRegistration(instrumentId: string, registration: Promise<void>): void {
    this.registrations.set(instrumentId, registration);
  }

  remove(entry: Attachment): void {
    this.entries.delete(entry.instrument.id);
    this.registrations.delete(entry.instrument.id);
    this.aliases.delete(entry.alias);
    if (entry.location !== IN_MEMORY) this.locations.delete(entry.location);
  }
}
