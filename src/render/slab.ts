// Where a run's item bytes are kept (EntryMemo): encoded into large shared buffers, each item a
// view of one. A Buffer of its own per item cost more to make than the item's encoding (measured:
// Buffer.allocUnsafe was a third of assembling documents), and a slab is freed with its last view.

const SIZE = 1 << 20;

export class Slabs {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** A string as UTF-8, in a view of a slab: encoded straight into it. */
  encode(s: string): Buffer {
    const max = 3 * s.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.used + max > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(SIZE, max));
      this.used = 0;
    }
    const start = this.used;
    this.used += this.slab.write(s, this.used, 'utf8');
    return this.slab.subarray(start, this.used);
  }
}
