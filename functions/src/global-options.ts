import { setGlobalOptions } from 'firebase-functions/v2';
import { FUNCTIONS_REGION, FUNCTIONS_SERVICE_ACCOUNT } from './params.ts';

// Its own module, imported first by index.ts: ES modules evaluate imports before the importer's body, so
// this runs before any module (ours or notifications/) declares a function.
setGlobalOptions({ region: FUNCTIONS_REGION, maxInstances: 10, serviceAccount: FUNCTIONS_SERVICE_ACCOUNT });
