import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { getStorage } from 'firebase-admin/storage';
import { cloudLogger } from './logger.ts';
import { FirestoreStateStore } from '@engine/core/adapters/firestore/firestore-state-store';
import { callerFromClaims, type TokenVerifier } from './auth.ts';
import type { FunctionDeps } from './deps.ts';
import { BinanceUsdmPositionSource } from './jobs/binance-positions.ts';
import { FirestoreReportIndex } from './jobs/report-index.ts';
import { BucketSink } from './jobs/report-sink.ts';
import {
  binanceApiKey,
  binanceApiSecret,
  binanceSpotBaseUrl,
  binanceUsdmBaseUrl,
  reportRetentionDays,
  reportsBucket,
} from './params.ts';

const APP_NAME = 'engine-functions';

function firebaseApp(): App {
  // Inside Cloud Functions the SDK reads project, bucket and credentials from the environment.
  return getApps().find((app) => app.name === APP_NAME) ?? initializeApp(undefined, APP_NAME);
}

export function firebaseTokenVerifier(app: App): TokenVerifier {
  const auth = getAuth(app);
  return {
    verify: async (idToken) => {
      try {
        const decoded = await auth.verifyIdToken(idToken);
        return callerFromClaims(decoded.uid, decoded);
      } catch {
        return null;
      }
    },
  };
}

/** Real dependencies, built on the first invocation of an instance (never at import). */
export function productionDeps(): Promise<FunctionDeps> {
  const app = firebaseApp();
  const db = getFirestore(app);
  const bucketName = reportsBucket.value();
  const bucket = getStorage(app).bucket(bucketName === '' ? undefined : bucketName);
  // The composition root is the one place the functions read the wall clock; handlers get it injected.
  // eslint-disable-next-line no-restricted-syntax
  const clock = { now: () => Date.now() };
  const binanceBaseUrls = { spot: binanceSpotBaseUrl.value(), usdm: binanceUsdmBaseUrl.value() };
  return Promise.resolve({
    store: new FirestoreStateStore(db),
    clock,
    logger: cloudLogger,
    verifier: firebaseTokenVerifier(app),
    binanceBaseUrls,
    topLiquidMarkets: ['spot', 'usdm'],
    reportSink: new BucketSink(bucket),
    reportIndex: new FirestoreReportIndex(db),
    retentionDays: reportRetentionDays.value(),
    venueBindings: () =>
      Promise.resolve([
        {
          venue: { exchange: 'binance', marketType: 'usdm' },
          source: new BinanceUsdmPositionSource(
            binanceBaseUrls.usdm,
            { apiKey: binanceApiKey.value(), apiSecret: binanceApiSecret.value() },
            clock.now,
          ),
        },
      ]),
  });
}
