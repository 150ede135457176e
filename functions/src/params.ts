import { defineInt, defineSecret, defineString } from 'firebase-functions/params';

/**
 * Deploy-time parameters and secrets. Declaring them has no side effect; their values are read only
 * inside handlers (through `productionDeps`), never at import.
 */
export const binanceSpotBaseUrl = defineString('BINANCE_SPOT_BASE_URL', {
  default: 'https://api.binance.com',
});
export const binanceUsdmBaseUrl = defineString('BINANCE_USDM_BASE_URL', {
  default: 'https://fapi.binance.com',
});
export const reportsBucket = defineString('REPORTS_BUCKET', {
  default: '',
  description: 'Cloud Storage bucket for daily reports; empty = the project default bucket',
});
export const reportRetentionDays = defineInt('REPORT_RETENTION_DAYS', { default: 90 });
export const binanceApiKey = defineSecret('BINANCE_API_KEY');
export const binanceApiSecret = defineSecret('BINANCE_API_SECRET');

/** Region of every function (infra/env/*.tfvars `region`); Cloud Scheduler jobs live in the same region. */
export const FUNCTIONS_REGION = 'europe-west1';

/**
 * The identity infra/iam.tf grants Firestore, the reports bucket and the secrets to; the `name@` shorthand
 * becomes `engine-functions@PROJECT.iam.gserviceaccount.com` when firebase-tools deploys.
 */
export const FUNCTIONS_SERVICE_ACCOUNT = 'engine-functions@';
