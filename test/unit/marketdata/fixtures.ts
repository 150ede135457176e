import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ReaderItem } from '../../../core/src/marketdata/types.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';

/** A temp directory for inline fixtures; `cleanup()` removes it. */
export function tempDir(): { file: (name: string, content: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'marketdata-'));
  return {
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, name.endsWith('.gz') ? gzipSync(content) : content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function tradesOf(items: Iterable<ReaderItem>): TradeTick[] {
  const out: TradeTick[] = [];
  for (const item of items) if (item.kind === 'trade') out.push(item.tick);
  return out;
}

export function rejectsOf(items: Iterable<ReaderItem>): Extract<ReaderItem, { kind: 'rejected' }>[] {
  const out: Extract<ReaderItem, { kind: 'rejected' }>[] = [];
  for (const item of items) if (item.kind === 'rejected') out.push(item);
  return out;
}

export const REPO = new URL('../../../', import.meta.url).pathname;

/** Three Binance kline rows in the exchange's layout (values made up for the test). */
export const KLINE_FIXTURE = [
  '1637971200000,0.00002853,0.00002854,0.00002851,0.00002854,36304.20000000,1637971259999,1.03547608,79,19523.00000000,0.55694227,0',
  '1637971260000,0.00002854,0.00002860,0.00002854,0.00002859,89196.60000000,1637971319999,2.54751330,98,89196.60000000,1.68545512,0',
  '1637971320000,0.00002859,0.00002860,0.00002857,0.00002858,26547.30000000,1637971379999,0.75867802,3,0,0,0',
].join('\n');
