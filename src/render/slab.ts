// Where a run's item bytes are kept (EntryMemo): encoded into large shared buffers, each item a
// view of one. A Buffer of its own per item cost more to make than the item's encoding (measured:
// Buffer.allocUnsafe was a third of assembling documents), and a slab is freed with its last view.

const SIZE = 1 << 20;

export class Slabs {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** Strings as UTF-8, one after the other in a view of a slab: each encoded straight into it. */
  encode(parts: readonly string[]): Buffer {
    let max = 0;
    for (let i = 0; i < parts.length; i++) max += 3 * parts[i]!.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.used + max > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(SIZE, max));
      this.used = 0;
    }
    const start = this.used;
    for (let i = 0; i < parts.length; i++) this.used += this.slab.write(parts[i]!, this.used, 'utf8');
    return this.slab.subarray(start, this.used);
  }
}
