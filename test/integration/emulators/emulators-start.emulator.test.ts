import { describe, expect, it } from 'vitest';
import { firestoreHost, pubsubHost } from '../../support/emulator-env.ts';

describe.skipIf(firestoreHost() === null)('the local emulators', () => {
  it('answer on loopback ports chosen for this run', async () => {
    for (const host of [firestoreHost(), pubsubHost()]) {
      expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
      const response = await fetch(`http://${String(host)}/`);
      expect(response.status).toBeLessThan(500);
    }
  });
});
