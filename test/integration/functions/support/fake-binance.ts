import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TICKER_FIXTURE: unknown = JSON.parse(
  readFileSync(new URL('../fixtures/binance-ticker-24hr.json', import.meta.url), 'utf8'),
);

export interface FakeBinance {
  readonly baseUrl: string;
  readonly requests: string[];
  /** Positions `GET /fapi/v3/positionRisk` answers (Binance shape: decimal strings). */
  positions: { symbol: string; positionAmt: string; entryPrice: string }[];
  /** When set, every request answers this HTTP status. */
  failWith: number | null;
  close(): Promise<void>;
}

/** A local Binance REST fake: the 24 h ticker (spot and USDⓈ-M) and signed positionRisk. */
export async function startFakeBinance(
  credentials = { apiKey: 'key', apiSecret: 'secret' },
): Promise<FakeBinance> {
  const state = { positions: [] as FakeBinance['positions'], failWith: null as number | null };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (state.failWith !== null) return send(state.failWith, { code: -1003, msg: 'Too many requests' });
    if (url.pathname === '/api/v3/ticker/24hr' || url.pathname === '/fapi/v1/ticker/24hr') {
      return send(200, TICKER_FIXTURE);
    }
    if (url.pathname === '/fapi/v3/positionRisk') {
      const query = url.search.slice(1);
      const signatureAt = query.lastIndexOf('&signature=');
      const payload = query.slice(0, signatureAt);
      const expected = createHmac('sha256', credentials.apiSecret).update(payload).digest('hex');
      const signed = query.slice(signatureAt + '&signature='.length) === expected;
      if (req.headers['x-mbx-apikey'] !== credentials.apiKey || !signed) {
        return send(401, { code: -1022, msg: 'Signature for this request is not valid.' });
      }
      return send(200, state.positions);
    }
    return send(404, { code: -1, msg: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    get positions() {
      return state.positions;
    },
    set positions(value) {
      state.positions = value;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(value) {
      state.failWith = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
