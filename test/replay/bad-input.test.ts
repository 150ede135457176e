import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/tape.ts';
import { runEngine, tempDir } from '../support/run-cli.ts';

const GOOD = [
  '1723161255342,61837.63,0.02,sell',
  '1723161255617,61837.63,0.048,sell',
  '1723161260000,61840.00,0.5,buy',
  '1723161260000,61840.00,0.5,buy', // identical row without an id: a real second trade (decisions.md #4)
  '1723161301000,61850.10,0.1,buy',
  '1723161302000,61845.00,0.2,sell',
];

function csvLines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

describe('replay of a tape with bad rows', () => {
  const dir = tempDir('bad-tape');
  const tape = join(dir, 'binance-spot_BTCUSDT_2024-08-08_bad_trades.csv');
  writeFileSync(
    tape,
    [
      'ts_ms,price,qty,side',
      GOOD[0],
      'not,a,valid,row',
      GOOD[1],
      '1723161255700,61837.63,0.01', // missing column
      '1723161255800,0,0.01,buy', // zero price
      '1723161255900,61837.63,-1,buy', // negative size
      GOOD[2],
      '1723161250000,61800.00,1,buy', // older than the previous row
      GOOD[3],
      '1723161290000,61837.63,0.01,hold', // unknown side
      '1823161290000,61837.63,0.01,buy', // three years ahead: must not become the new baseline
      GOOD[4],
      '1723161300500,61000.00,3,sell', // out of order again
      GOOD[5],
    ].join('\n') + '\n',
  );
  const out = join(dir, 'out');
  const run = runEngine(['replay', '--input', tape, '--out', out, '--quiet', '--no-store']);

  it('finishes and reports every refused row by reason', () => {
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.rejected).toEqual({
      implausible_time: 1,
      malformed_row: 3,
      non_positive_price: 1,
      non_positive_size: 1,
      out_of_order: 2,
    });
    expect(report.ticks_processed).toBe(GOOD.length);
  });

  it('logs each kind of refusal once with its context', () => {
    const warnings = run.stderr.split('\n').filter((l) => l.includes('"rejected input'));
    expect(warnings).toHaveLength(5);
    expect(warnings.find((w) => w.includes('malformed_row'))).toMatch(/"line":3/);
  });

  it('builds the candles of the good rows only', () => {
    const rows = csvLines(join(out, 'candles_1m.csv'));
    expect(rows).toEqual([
      [
        'BTCUSDT',
        '1723161240000',
        '61837.63',
        '61840',
        '61837.63',
        '61840',
        String(0.02 + 0.048 + 0.5 + 0.5),
        '1',
        String(0.02 + 0.048),
        '4',
      ],
      [
        'BTCUSDT',
        '1723161300000',
        '61850.1',
        '61850.1',
        '61845',
        '61845',
        String(0.1 + 0.2),
        '0.1',
        '0.2',
        '2',
      ],
    ]);
  });
});

describe('replay of a raw capture with duplicated, reordered and broken frames', () => {
  const dir = tempDir('bad-capture');
  const lines = gunzipSync(readFileSync(join(REPO, 'data/captures/spot_btcusdt_20240808.gz')))
    .toString('utf8')
    .split('\n');
  const trades = lines.filter((l) => l.includes('@trade')).slice(0, 40);
  const others = lines.filter((l) => l.includes('@bookTicker')).slice(0, 3);
  const doctored = [
    ...trades.slice(0, 10),
    trades[5]!, // duplicate trade id
    trades[9]!, // duplicate again
    '1723161254087896568 {"stream":"btcusdt@trade","data":{', // truncated JSON
    ...others,
    ...trades.slice(10, 20),
    trades[2]!.replace(/"t":\d+/, '"t":1'), // unseen id but older time: out of order
    ...trades.slice(20),
  ];
  const capture = join(dir, 'spot_btcusdt_20240808.gz');
  writeFileSync(capture, gzipSync(doctored.join('\n') + '\n'));
  const out = join(dir, 'out');
  const run = runEngine(['replay', '--input', capture, '--out', out, '--quiet', '--no-store']);

  it('counts duplicates, reordering and broken frames, ignores non-trade streams, and keeps the 40 real trades', () => {
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.rejected).toEqual({ duplicate_trade_id: 2, malformed_frame: 1, out_of_order: 1 });
    expect(report.ticks_processed).toBe(40);
    expect(report.inputs[0].ignored_frames).toBe(3);
  });
});
