import { InMemoryLeaseStore } from '../../../core/src/adapters/embedded/in-memory-lease-store.ts';
import { describeLeaseStoreContract } from '../../contract/lease-store.contract.ts';

describeLeaseStoreContract('InMemoryLeaseStore', () => {
  const store = new InMemoryLeaseStore();
  return Promise.resolve({ store, peer: () => store, close: () => Promise.resolve() });
});
