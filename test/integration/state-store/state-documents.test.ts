import { describe, expect, it } from 'vitest';
import { StateDocuments, type ChangeSink } from '../../../core/src/adapters/embedded/state-documents.ts';
import type { StateChange } from '../../../core/src/adapters/embedded/state-duckdb-file.ts';

/** A sink that records each commit and fails the ones it is told to. */
class FakeSink implements ChangeSink {
  commits: StateChange[][] = [];
  failNext = false;
  async apply(changes: readonly StateChange[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.commits.push([...changes]);
  }
}

const put = (id: string, value: number) => () => ({
  changes: [{ collection: 'system_state' as const, id, record: { value } }],
  result: id,
});

describe('StateDocuments group commit', () => {
  it('commits a burst of mutations in one transaction, each planned after the ones before it', async () => {
    const sink = new FakeSink();
    const docs = new StateDocuments(sink);
    const seen: number[] = [];
    const results = await Promise.all([
      docs.submit(put('a', 1)),
      docs.submit(put('b', 2)),
      docs.submit((tables) => {
        seen.push(tables('system_state').size);
        return { changes: [], result: 'count' };
      }),
    ]);
    expect(results).toEqual(['a', 'b', 'count']);
    expect(seen).toEqual([2]);
    expect(sink.commits).toHaveLength(1);
    expect(docs.table('system_state').get('b')).toEqual({ value: 2 });
  });

  it('leaves memory as the file is when a commit fails, and rejects every mutation of that batch', async () => {
    const sink = new FakeSink();
    const docs = new StateDocuments(sink);
    await docs.submit(put('a', 1));
    sink.failNext = true;
    const batch = [docs.submit(put('a', 99)), docs.submit(put('b', 2))];
    await expect(batch[0]).rejects.toThrow('disk full');
    await expect(batch[1]).rejects.toThrow('disk full');
    expect(docs.table('system_state').get('a')).toEqual({ value: 1 });
    expect(docs.table('system_state').has('b')).toBe(false);
    await docs.submit(put('b', 3));
    expect(docs.table('system_state').get('b')).toEqual({ value: 3 });
  });

  it('rejects only the mutation whose plan throws', async () => {
    const docs = new StateDocuments(new FakeSink());
    const failing = docs.submit(() => {
      throw new TypeError('bug');
    });
    const fine = docs.submit(put('x', 1));
    await expect(failing).rejects.toThrow('bug');
    await expect(fine).resolves.toBe('x');
  });
});
