import { z } from 'zod';
import { breakerConfigSchema } from './risk/breaker-config.ts';
import { correlationConfigSchema } from './risk/correlation-config.ts';
import { dumpConfigSchema } from './risk/dump-config.ts';
import { healthConfigSchema } from './risk/health-config.ts';
import { holdConfigSchema } from './risk/hold-config.ts';
import { leverageConfigSchema } from './risk/leverage-config.ts';
import { propFirmConfigSchema } from './risk/prop-firm-config.ts';
import { forexSessionsConfigSchema } from './risk/sessions-config.ts';

/**
 * Portfolio risk manager settings (design 2.2.5, 2.7.1.1, 10; decisions.md #15, #17, #18): one validated
 * schema with the design's defaults; each section is documented in its own file under `risk/`.
 */
export const riskConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Event-time cadence of the portfolio-wide checks (health, drawdown, hold times, leverage, sessions). */
    evaluateEveryMs: z.number().int().positive().default(5_000),
    dump: dumpConfigSchema.prefault({}),
    correlation: correlationConfigSchema.prefault({}),
    health: healthConfigSchema.prefault({}),
    breaker: breakerConfigSchema.prefault({}),
    hold: holdConfigSchema.prefault({}),
    leverage: leverageConfigSchema.prefault({}),
    sessions: forexSessionsConfigSchema.prefault({}),
    propFirm: propFirmConfigSchema.prefault({}),
  })
  .strict();

export type RiskConfig = z.infer<typeof riskConfigSchema>;
