import type { ReaderItem, TickSource } from './types.ts';

interface Head {
  readonly order: number;
  readonly iterator: Iterator<ReaderItem>;
  item: ReaderItem;
}

function keyOf(item: ReaderItem): number {
  // Rejected records carry no trusted time: let them through as soon as they reach the head.
  return item.kind === 'trade' ? item.tick.ts : Number.NEGATIVE_INFINITY;
}

function before(a: Head, b: Head): boolean {
  const ka = keyOf(a.item);
  const kb = keyOf(b.item);
  return ka < kb || (ka === kb && a.order < b.order);
}

/**
 * K-way merge of several sources into one stream in event-time order; ties keep the order the sources
 * were given in, so the merged stream is deterministic. A binary heap keeps it O(log k) per item.
 */
export function* mergeSources(sources: readonly TickSource[]): Generator<ReaderItem> {
  const heap: Head[] = [];
  sources.forEach((source, order) => {
    const iterator = source.items()[Symbol.iterator]();
    const first = iterator.next();
    if (!first.done) push(heap, { order, iterator, item: first.value });
  });
  while (heap.length > 0) {
    const top = heap[0] as Head;
    yield top.item;
    const next = top.iterator.next();
    if (next.done) {
      const last = heap.pop() as Head;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else {
      top.item = next.value;
      siftDown(heap, 0);
    }
  }
}

function push(heap: Head[], head: Head): void {
  heap.push(head);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Head, heap[parent] as Head)) break;
    swap(heap, i, parent);
    i = parent;
  }
}

function siftDown(heap: Head[], start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let best = i;
    if (left < heap.length && before(heap[left] as Head, heap[best] as Head)) best = left;
    if (right < heap.length && before(heap[right] as Head, heap[best] as Head)) best = right;
    if (best === i) return;
    swap(heap, i, best);
    i = best;
  }
}

function swap(heap: Head[], a: number, b: number): void {
  const tmp = heap[a] as Head;
  heap[a] = heap[b] as Head;
  heap[b] = tmp;
}
