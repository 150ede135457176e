import type { z } from 'zod';

/**
 * Validates a config section and fails with the path of the first bad field, so a wrong setting stops the
 * engine at start with a message a user can act on (`invalid risk config at "breaker.levels": ...`).
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, label: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : '(root)';
  throw new Error(`invalid ${label} config at "${field}": ${first?.message ?? 'unknown error'}`);
}
