// memoized (src/memo.ts): the answers of the function it wraps, each asked of it once while kept.
import { describe, expect, it } from 'vitest';
import { memoized } from '../src/memo.js';

describe('a memoized function', () => {
  it('answers as the function does, asking it once per key, an undefined answer included', () => {
    const asked: string[] = [];
    const f = memoized(10, (k: string) => {
      asked.push(k);
      return k === 'none' ? undefined : k.toUpperCase();
    });
    expect(['a', 'b', 'a', 'none', 'none', 'b'].map(f)).toEqual(['A', 'B', 'A', undefined, undefined, 'B']);
    expect(asked).toEqual(['a', 'b', 'none']);
  });

  it('keeps at most `limit` answers: reaching it drops them all, and they are asked again', () => {
    const asked: number[] = [];
    const f = memoized(2, (k: number) => (asked.push(k), k * 2));
    expect([1, 2, 3, 1, 3].map(f)).toEqual([2, 4, 6, 2, 6]);
    // 3 found the memo full (1 and 2) and cleared it; 1 then came back as a new key.
    expect(asked).toEqual([1, 2, 3, 1]);
  });
});
