// A fixed-capacity ring: pushing past capacity drops the oldest item, so
// what it holds never grows. Items are addressed by an absolute index that
// keeps counting up, which lets a reader ask for "everything after N".
// The log buffer holds its lines in entryRing, the same ring kept as columns;
// this plain one is what the tests hold it to.

/** A bounded first-in-first-out store addressed by absolute index. */
export class Ring<T> {
  private items: (T | undefined)[];
  private head = 0; // slot of the oldest item
  private count = 0;
  private total = 0; // items ever pushed (absolute index of the next push)

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of items held. */
  get length(): number {
    return this.count;
  }

  /** Absolute index of the oldest item held. */
  get firstIndex(): number {
    return this.total - this.count;
  }

  /** Absolute index the next pushed item will get. */
  get endIndex(): number {
    return this.total;
  }

  /** Adds an item, dropping the oldest when full; returns the item dropped. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
    } else {
      dropped = this.items[this.head];
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
    this.total++;
    return dropped;
  }

  /** Drops the oldest item and returns it (undefined when empty); firstIndex moves up by one. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** The item at an absolute index, or undefined when dropped or not yet pushed. */
  at(index: number): T | undefined {
    const offset = index - this.firstIndex;
    if (offset < 0 || offset >= this.count) return undefined;
    return this.items[(this.head + offset) % this.capacity];
  }

  /** Items from absolute index `from` (clamped to what is held) to the end. */
  since(from: number): T[] {
    const start = Math.max(from, this.firstIndex);
    const out: T[] = [];
    for (let i = start; i < this.total; i++) out.push(this.at(i) as T);
    return out;
  }

  /**
   * Puts `item` before absolute index `index`, shifting later items up by
   * one (the oldest is dropped when full, and returned). O(length): for rare corrections.
   */
  insertBefore(index: number, item: T): T | undefined {
    const held = this.since(this.firstIndex);
    const offset = index - this.firstIndex;
    if (offset < 0 || offset > held.length) throw new RangeError(`index ${index} is outside the ring`);
    held.splice(offset, 0, item);
    const dropped = held.length > this.capacity ? held[0] : undefined;
    const keep = held.slice(-this.capacity);
    const first = this.total + 1 - keep.length;
    this.items = new Array<T | undefined>(this.capacity);
    this.head = 0;
    this.count = 0;
    this.total = first;
    for (const it of keep) this.push(it);
    return dropped;
  }
}
