import { z } from 'zod';
import { analyticsConfigSchema, type AnalyticsConfig } from './analytics-config.ts';
import { decisionConfigSchema, type DecisionConfig } from './decision-config.ts';
import { executionConfigSchema, type ExecutionConfig } from './execution-config.ts';
import { exitConfigSchema, type ExitConfig } from './exit-config.ts';
import { riskConfigSchema, type RiskConfig } from './risk-config.ts';
import { parseConfig } from './parse-config.ts';

/**
 * The whole engine's configuration, read in one place: every section has the design's defaults, so `{}`
 * is a valid config, and an invalid field fails at start with its full path in the message.
 */
export const engineConfigSchema = z
  .object({
    analytics: analyticsConfigSchema.prefault({}),
    decision: decisionConfigSchema.prefault({}),
    execution: executionConfigSchema.prefault({}),
    exits: exitConfigSchema.prefault({}),
    risk: riskConfigSchema.prefault({}),
  })
  .strict();

export interface EngineConfig {
  readonly analytics: AnalyticsConfig;
  readonly decision: DecisionConfig;
  readonly execution: ExecutionConfig;
  readonly exits: ExitConfig;
  readonly risk: RiskConfig;
}

export function parseEngineConfig(input: unknown): EngineConfig {
  return parseConfig(engineConfigSchema, input, 'engine');
}

export const defaultEngineConfig: EngineConfig = parseEngineConfig({});
