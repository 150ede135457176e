import { describe, it, expect } from 'vitest';
import { parseForexSessionsConfig } from '../../../../core/src/config/risk/sessions-config.ts';
import { ForexSessionManager } from '../../../../core/src/risk/portfolio/forex-sessions.ts';
import { FRIDAY, MONDAY, SATURDAY, SUNDAY, WEDNESDAY, position, utc } from './fixtures.ts';

const EURUSD = 'oanda-forex:EURUSD';
const XAUUSD = 'icmarkets-cfd:XAUUSD';
const BTC = 'binance-spot:BTCUSDT';

function manager(overrides: Record<string, unknown> = {}): ForexSessionManager {
  return new ForexSessionManager(parseForexSessionsConfig(overrides));
}

describe('forex entries around the weekly close', () => {
  it('allows a forex entry at Friday 23:29:59 UTC', () => {
    expect(manager().entryAllowed(EURUSD, utc(FRIDAY, 23, 29, 59))).toEqual({ allowed: true });
  });

  it('blocks a forex entry from Friday 23:30:00 UTC with the pre-close reason', () => {
    expect(manager().entryAllowed(EURUSD, utc(FRIDAY, 23, 30))).toEqual({
      allowed: false,
      reason: 'forex_pre_close',
    });
    expect(manager().entryAllowed(EURUSD, utc(FRIDAY, 23, 59, 59))).toEqual({
      allowed: false,
      reason: 'forex_pre_close',
    });
  });

  it('blocks forex entries all weekend with the market-closed reason', () => {
    const m = manager();
    for (const ts of [utc(SATURDAY, 0), utc(SATURDAY, 12), utc(SUNDAY, 23, 59, 59)]) {
      expect(m.entryAllowed(EURUSD, ts)).toEqual({ allowed: false, reason: 'forex_market_closed' });
    }
  });

  it('allows forex entries again at Monday 00:00 UTC', () => {
    expect(manager().entryAllowed(EURUSD, utc(MONDAY, 0))).toEqual({ allowed: true });
  });

  it('treats cfd instruments like forex by default and can be limited to forex only', () => {
    expect(manager().entryAllowed(XAUUSD, utc(SATURDAY, 10)).allowed).toBe(false);
    expect(manager({ marketTypes: ['forex'] }).entryAllowed(XAUUSD, utc(SATURDAY, 10)).allowed).toBe(true);
  });

  it('never restricts crypto or unparseable instrument ids', () => {
    const m = manager();
    expect(m.entryAllowed(BTC, utc(FRIDAY, 23, 45))).toEqual({ allowed: true });
    expect(m.entryAllowed(BTC, utc(SATURDAY, 10))).toEqual({ allowed: true });
    expect(m.entryAllowed('EURUSD', utc(SATURDAY, 10))).toEqual({ allowed: true });
  });

  it('follows a configured pre-close window length', () => {
    const m = manager({ preCloseMinutes: 60 });
    expect(m.entryAllowed(EURUSD, utc(FRIDAY, 22, 59)).allowed).toBe(true);
    expect(m.entryAllowed(EURUSD, utc(FRIDAY, 23, 0)).allowed).toBe(false);
  });
});

describe('forex position checks', () => {
  const book = [position('p-eur', EURUSD), position('p-btc', BTC), position('p-xau', XAUUSD)];

  it('does nothing at Friday 23:29 UTC', () => {
    expect(manager().check(book, utc(FRIDAY, 23, 29))).toEqual([]);
  });

  it('at Friday 23:30 blocks forex and cfd entries until Monday 00:00 and closes the forex and cfd positions', () => {
    const actions = manager().check(book, utc(FRIDAY, 23, 30));
    const until = utc(MONDAY, 0);
    expect(actions.filter((a) => a.kind === 'block_entries')).toEqual([
      { kind: 'block_entries', scope: { marketType: 'forex' }, until, reason: 'forex_pre_close' },
      { kind: 'block_entries', scope: { marketType: 'cfd' }, until, reason: 'forex_pre_close' },
    ]);
    const closes = actions.filter((a) => a.kind === 'close');
    expect(closes.map((a) => [a.positionId, a.reason])).toEqual([
      ['p-eur', 'session_close'],
      ['p-xau', 'session_close'],
    ]);
  });

  it('issues the entry block once per closed period and repeats a close only after the retry interval', () => {
    const m = manager({ closeRetryMs: 60_000 });
    expect(m.check(book, utc(FRIDAY, 23, 30))).toHaveLength(4);
    expect(m.check(book, utc(FRIDAY, 23, 30, 59))).toEqual([]);
    const retry = m.check(book, utc(FRIDAY, 23, 31));
    expect(retry.map((a) => (a.kind === 'close' ? a.positionId : a.kind))).toEqual(['p-eur', 'p-xau']);
    const saturday = m.check(book, utc(SATURDAY, 0));
    expect(saturday.map((a) => (a.kind === 'close' ? a.positionId : a.kind))).toEqual(['p-eur', 'p-xau']);
  });

  it('closes a forex position still open on Saturday', () => {
    const m = manager();
    const actions = m.check([position('p-eur', EURUSD)], utc(SATURDAY, 9));
    expect(actions).toContainEqual({
      kind: 'close',
      positionId: 'p-eur',
      reason: 'session_close',
      detail: 'oanda-forex:EURUSD: market closed until the weekly open',
    });
    expect(actions).toContainEqual({
      kind: 'block_entries',
      scope: { marketType: 'forex' },
      until: utc(MONDAY, 0),
      reason: 'forex_market_closed',
    });
  });

  it('leaves crypto positions alone on the weekend', () => {
    expect(manager().check([position('p-btc', BTC)], utc(SATURDAY, 9))).toEqual([
      {
        kind: 'block_entries',
        scope: { marketType: 'forex' },
        until: utc(MONDAY, 0),
        reason: 'forex_market_closed',
      },
      {
        kind: 'block_entries',
        scope: { marketType: 'cfd' },
        until: utc(MONDAY, 0),
        reason: 'forex_market_closed',
      },
    ]);
  });

  it('returns nothing from Monday 00:00 and blocks again the following Friday with next Monday as the end', () => {
    const m = manager();
    m.check(book, utc(FRIDAY, 23, 45));
    expect(m.check(book, utc(MONDAY, 0))).toEqual([]);
    const nextFriday = m.check(book, utc(FRIDAY + 7, 23, 30));
    expect(nextFriday[0]).toEqual({
      kind: 'block_entries',
      scope: { marketType: 'forex' },
      until: utc(MONDAY + 7, 0),
      reason: 'forex_pre_close',
    });
    expect(nextFriday.filter((a) => a.kind === 'close')).toHaveLength(2);
  });

  it('does nothing mid-week', () => {
    expect(manager().check(book, utc(WEDNESDAY, 15))).toEqual([]);
  });
});

describe('active sessions', () => {
  it('reports London and New York both active during their 13:00-16:00 overlap', () => {
    expect(manager().activeSessions(utc(WEDNESDAY, 13))).toEqual(['london', 'new_york']);
    expect(manager().activeSessions(utc(WEDNESDAY, 15, 59))).toEqual(['london', 'new_york']);
  });

  it('reports Tokyo and London during 08:00-09:00 and only New York at 16:00', () => {
    expect(manager().activeSessions(utc(WEDNESDAY, 8, 30))).toEqual(['tokyo', 'london']);
    expect(manager().activeSessions(utc(WEDNESDAY, 16))).toEqual(['new_york']);
  });

  it('reports no session between 21:00 and 24:00 or on the weekend', () => {
    expect(manager().activeSessions(utc(WEDNESDAY, 21))).toEqual([]);
    expect(manager().activeSessions(utc(SATURDAY, 10))).toEqual([]);
    expect(manager().activeSessions(utc(MONDAY, 0))).toEqual(['tokyo']);
  });

  it('supports a configured session running past midnight', () => {
    const m = manager({ sessions: [{ name: 'sydney', openHour: 22, closeHour: 7 }] });
    expect(m.activeSessions(utc(WEDNESDAY, 23))).toEqual(['sydney']);
    expect(m.activeSessions(utc(WEDNESDAY, 6, 59))).toEqual(['sydney']);
    expect(m.activeSessions(utc(WEDNESDAY, 7))).toEqual([]);
  });
});
