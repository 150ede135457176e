import { z } from 'zod';
import { isMarketType, type MarketType } from '../../domain/instrument.ts';
import { parseConfig } from '../parse-config.ts';

/**
 * Forex trading sessions and the weekly schedule (design 1.x "Trading Sessions", 2.2.5 part 5;
 * decisions.md #18). Everything is data: hours are UTC, days are UTC weekdays.
 */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const MINUTES_PER_WEEK = 7 * 24 * 60;

const sessionSchema = z
  .object({
    name: z.string().min(1),
    /** First open hour, UTC (inclusive). */
    openHour: z.number().int().min(0).max(23),
    /** Close hour, UTC (exclusive); a value <= openHour means the session runs past midnight. */
    closeHour: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((s) => s.openHour !== s.closeHour % 24, {
    message: 'openHour and closeHour must differ',
    path: ['closeHour'],
  });

export type SessionDefinition = z.infer<typeof sessionSchema>;

const weekTimeSchema = z
  .object({
    day: z.enum(WEEKDAYS),
    hour: z.number().int().min(0).max(23),
    minute: z.number().int().min(0).max(59),
  })
  .strict();

export type WeekTime = z.infer<typeof weekTimeSchema>;

export const DEFAULT_SESSIONS: readonly SessionDefinition[] = [
  { name: 'tokyo', openHour: 0, closeHour: 9 },
  { name: 'london', openHour: 8, closeHour: 16 },
  { name: 'new_york', openHour: 13, closeHour: 21 },
];

export const forexSessionsConfigSchema = z
  .object({
    sessions: z
      .array(sessionSchema)
      .default(() => DEFAULT_SESSIONS.map((s) => ({ ...s })))
      .superRefine(checkUniqueNames),
    /**
     * Market types the schedule governs. Default forex and cfd: the design trades metals, oil and indices
     * as CFDs through the same forex platforms (MT5 etc.), and they share the weekend gap risk.
     */
    marketTypes: z
      .array(z.custom<MarketType>((v) => typeof v === 'string' && isMarketType(v), 'unknown market type'))
      .min(1)
      .default(['forex', 'cfd']),
    /** Last open minute of the week; the market is shut from the end of that minute. */
    weeklyClose: weekTimeSchema.default({ day: 'friday', hour: 23, minute: 59 }),
    /** First open minute of the new week. */
    weeklyOpen: weekTimeSchema.default({ day: 'monday', hour: 0, minute: 0 }),
    /** Minutes before the end of the close minute when entries stop and positions are flattened. */
    preCloseMinutes: z.number().int().min(0).default(30),
    /** A close request still open after this much event time is asked again (execution may have failed). */
    closeRetryMs: z.number().int().positive().default(60_000),
  })
  .strict()
  .superRefine((config, ctx) => {
    const openSpan = weekMinute(config.weeklyClose) + 1 - weekMinute(config.weeklyOpen);
    const span = openSpan > 0 ? openSpan : openSpan + MINUTES_PER_WEEK;
    if (config.preCloseMinutes >= span) {
      ctx.addIssue({
        code: 'custom',
        path: ['preCloseMinutes'],
        message: 'must be shorter than the open week',
      });
    }
  });

export type ForexSessionsConfig = z.infer<typeof forexSessionsConfigSchema>;

/** Minutes since Sunday 00:00 UTC. */
export function weekMinute(time: WeekTime): number {
  return WEEKDAYS.indexOf(time.day) * 1440 + time.hour * 60 + time.minute;
}

function checkUniqueNames(sessions: readonly SessionDefinition[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  sessions.forEach((s, i) => {
    if (seen.has(s.name))
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate session "${s.name}"` });
    seen.add(s.name);
  });
}

/** Parses user config; throws with the offending field path named in the message. */
export function parseForexSessionsConfig(input: unknown): ForexSessionsConfig {
  return parseConfig(forexSessionsConfigSchema, input, 'forex sessions');
}

export const defaultForexSessionsConfig: ForexSessionsConfig = parseForexSessionsConfig({});
