import { hash } from 'node:crypto';
import { BUCKET_CHARS, type BucketChecksum, ROW_HASH_HEX_DIGITS, rowHashInput } from '../../core/sync/bootstrapProtocol';

/** Count and hash per bucket (core/sync/bootstrapProtocol.ts), summed row by row. */
export class BucketSums {
  readonly buckets = new Map<string, BucketChecksum>();

  add(id: string, version: number): void {
    const bucket = id.slice(-BUCKET_CHARS);
    let b = this.buckets.get(bucket);
    if (!b) this.buckets.set(bucket, (b = { bucket, count: 0, hash: 0 }));
    b.count++;
    b.hash += parseInt(hash('md5', rowHashInput(id, version)).slice(0, ROW_HASH_HEX_DIGITS), 16);
  }

  /** Adds another set of sums (a page's, once committed). */
  merge(other: BucketSums): void {
    for (const o of other.buckets.values()) {
      const b = this.buckets.get(o.bucket);
      if (b) {
        b.count += o.count;
        b.hash += o.hash;
      } else this.buckets.set(o.bucket, { ...o });
    }
  }

  /** A copy of the sums by bucket. */
  snapshot(): Map<string, BucketChecksum> {
    return new Map([...this.buckets].map(([k, b]) => [k, { ...b }]));
  }
}
