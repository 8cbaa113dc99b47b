// The story's version as last published: 1 as first written, 2 once corrected or updated.
import { describe, expect, it } from 'vitest';
import { liveVersion } from '../src/version.js';

const ms = Date.parse;
const published = ms('2026-11-20T10:00:00Z');

describe('liveVersion', () => {
  it('is 1 for a story as first published', () => {
    expect(liveVersion({ published, updated: published })).toBe(1);
  });

  it('is 2 once updated after publication, with a correction note or without', () => {
    const later = published + 60_000;
    expect(liveVersion({ published, updated: later })).toBe(2);
    expect(liveVersion({ published, updated: later, correction: 'The bridge reopened at noon.' })).toBe(2);
  });

  it('is 2 for a correction note even when updated was left at published', () => {
    expect(liveVersion({ published, updated: published, correction: 'A name was misspelt.' })).toBe(2);
  });

  it('an updated time before published is no update', () => {
    expect(liveVersion({ published, updated: published - 60_000 })).toBe(1);
  });
});
