export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger port; `context` is serialised as fields, never interpolated into the message. */
export interface Logger {
  log(level: LogLevel, message: string, context?: Readonly<Record<string, unknown>>): void;
}

/** Collects entries in memory: for tests and for reports. */
export class MemoryLogger implements Logger {
  readonly entries: {
    level: LogLevel;
    message: string;
    context: Readonly<Record<string, unknown>> | undefined;
  }[] = [];
  log(level: LogLevel, message: string, context?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level, message, context });
  }
}

export const silentLogger: Logger = { log: () => undefined };
