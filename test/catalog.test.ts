// The catalog: order, duplicate ids, withdrawn, held back (future or embargoed), expired.
// A pure function of (items, now): no files, no clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byNewest, byText, byUpdated, catalog, DAY_MS, duplicateProblem, newest, sortItems, tombstoneOf } from '../src/catalog.js';
import { TOMBSTONE_DAYS } from '../src/config/constants.js';
import type { Item } from '../src/types.js';
import { makeItem } from './helpers/item.js';
import { formatProblem } from '../src/validate.js';

const ms = (iso: string) => Date.parse(iso);
const NOW = ms('2026-11-26T12:00:00Z');

function item(id: string, published: string, extra: Partial<Item> = {}): Item {
  return makeItem({
    file: `items/${id}.md`,
    id,
    url: `https://news.example.org/${id}`,
    title: id,
    published: ms(published),
    updated: ms(published),
    ...extra,
  });
}

const ids = (items: readonly Item[]) => items.map((i) => i.id);

describe('order', () => {
  it('puts the newest published first', () => {
    const c = catalog(
      [item('sep', '2026-09-09T12:00:00+02:00'), item('nov', '2026-11-25T07:30:00+01:00'), item('oct', '2026-10-15T10:00:00+02:00')],
      NOW,
    );
    expect(ids(c.items)).toEqual(['nov', 'oct', 'sep']);
  });

  it('orders by the instant, not the written text: offsets count', () => {
    // 09:00+02:00 is 07:00Z, earlier than 08:00Z.
    const c = catalog([item('b', '2026-11-20T09:00:00+02:00'), item('a', '2026-11-20T08:00:00Z')], NOW);
    expect(ids(c.items)).toEqual(['a', 'b']);
  });

  it('breaks ties of published by id, whatever order the files came in', () => {
    const t = '2026-11-20T10:00:00Z';
    const forward = catalog([item('b', t), item('a', t), item('c', t)], NOW);
    const backward = catalog([item('c', t), item('a', t), item('b', t)], NOW);
    expect(ids(forward.items)).toEqual(['a', 'b', 'c']);
    expect(ids(backward.items)).toEqual(['a', 'b', 'c']);
  });

  it('does not order by updated: a correction does not move a story up', () => {
    const c = catalog(
      [item('old-corrected', '2026-11-01T10:00:00Z', { updated: ms('2026-11-25T10:00:00Z') }), item('new', '2026-11-10T10:00:00Z')],
      NOW,
    );
    expect(ids(c.items)).toEqual(['new', 'old-corrected']);
  });
});

describe('duplicate ids: the story readers already have is kept', () => {
  it('keeps the older by published, whatever the paths, and names both files', () => {
    const live = item('same', '2026-11-20T10:00:00Z', { file: 'items/2026-11-20-live.md' });
    const copy = item('same', '2026-11-24T10:00:00Z', { file: 'items/2026-11-19-template.md', title: 'copy' });
    for (const order of [[live, copy], [copy, live]]) {
      const c = catalog(order, NOW);
      expect(c.items).toEqual([live]);
      expect(c.problems.map(formatProblem)).toEqual([
        'items/2026-11-19-template.md: id: "same" is also the id of items/2026-11-20-live.md, which is kept (it was published first): this file was skipped; give it its own id',
      ]);
      expect(c.problems.map((p) => p.severity)).toEqual(['error']);
    }
  });

  it('names the url as the field when the id is the url', () => {
    const url = 'https://news.example.org/live';
    const a = item('x', '2026-11-20T10:00:00Z', { file: 'a.md', id: url, url });
    const b = item('x', '2026-11-21T10:00:00Z', { file: 'b.md', id: url, url });
    expect(catalog([a, b], NOW).problems.map(formatProblem)).toEqual([
      `b.md: url: "${url}" is also the id of a.md, which is kept (it was published first): this file was skipped; give it its own url`,
    ]);
  });

  it('with the same published time, keeps the first by path', () => {
    const t = '2026-11-20T10:00:00Z';
    const c = catalog([item('x', t, { file: 'b.md' }), item('x', t, { file: 'a.md' })], NOW);
    expect(c.items.map((i) => i.file)).toEqual(['a.md']);
    expect(c.problems[0]!.message).toContain('(same published time: the first by path)');
  });

  it('keeps the one the last run published over an older newcomer', () => {
    const live = item('x', '2026-11-21T10:00:00Z', { file: 'b.md' });
    const older = item('x', '2026-11-20T10:00:00Z', { file: 'a.md' });
    const c = catalog([older, live], NOW, (i) => i === live);
    expect(c.items).toEqual([live]);
    expect(c.problems.map(formatProblem)).toEqual([
      'a.md: id: "x" is also the id of b.md, which is kept (the last run published it): this file was skipped; give it its own id',
    ]);
  });

  it('reports every other file against the one kept, wherever it sorts', () => {
    const c = catalog(
      [item('x', '2026-11-22T10:00:00Z', { file: 'a.md' }), item('x', '2026-11-21T10:00:00Z', { file: 'b.md' }), item('x', '2026-11-20T10:00:00Z', { file: 'c.json' })],
      NOW,
    );
    expect(c.items.map((i) => i.file)).toEqual(['c.json']);
    expect(c.problems.map((p) => [p.file, p.message.split(',')[0]])).toEqual([
      ['a.md', '"x" is also the id of c.json'],
      ['b.md', '"x" is also the id of c.json'],
    ]);
  });

  it('counts a withdrawn duplicate as a duplicate: the id is taken', () => {
    const c = catalog([item('x', '2026-11-20T10:00:00Z', { file: 'a.md', withdrawn: { at: ms('2026-11-20T10:00:00Z') } }), item('x', '2026-11-21T10:00:00Z', { file: 'b.md' })], NOW);
    expect(c.items).toEqual([]);
    expect(c.withdrawn.map((i) => i.file)).toEqual(['a.md']);
    expect(c.problems.map((p) => p.file)).toEqual(['b.md']);
  });
});

describe('what may be published now', () => {
  it('drops a withdrawn item', () => {
    const gone = item('gone', '2026-11-20T10:00:00Z', { withdrawn: { at: ms('2026-11-21T10:00:00Z') } });
    const c = catalog([gone, item('kept', '2026-11-19T10:00:00Z')], NOW);
    expect(ids(c.items)).toEqual(['kept']);
    expect(c.withdrawn).toEqual([gone]);
    expect(c.problems).toEqual([]);
  });

  it('holds back an item published after now, and publishes it at now exactly', () => {
    const future = item('future', '2026-11-26T12:00:01Z');
    const atNow = item('at-now', '2026-11-26T12:00:00Z');
    const c = catalog([future, atNow], NOW);
    expect(ids(c.items)).toEqual(['at-now']);
    expect(c.held).toEqual([future]);
  });

  it('holds back an embargoed item until the embargo lifts', () => {
    const embargoed = item('embargoed', '2026-11-25T10:00:00Z', {
      syndication: { partners: 'all', embargo: ms('2026-11-27T06:00:00Z') },
    });
    expect(ids(catalog([embargoed], NOW).held)).toEqual(['embargoed']);
    expect(ids(catalog([embargoed], NOW).items)).toEqual([]);
    expect(ids(catalog([embargoed], ms('2026-11-27T06:00:00Z')).items)).toEqual(['embargoed']);
  });

  it('drops an expired item from the moment it expires', () => {
    const expiring = item('expiring', '2026-11-01T10:00:00Z', {
      syndication: { partners: 'all', expires: ms('2026-11-26T12:00:00Z') },
    });
    expect(ids(catalog([expiring], NOW - 1).items)).toEqual(['expiring']);
    const c = catalog([expiring], NOW);
    expect(c.items).toEqual([]);
    expect(c.expired).toEqual([expiring]);
  });

  it('the same items and now give the same catalog', () => {
    const items = [item('a', '2026-11-20T10:00:00Z'), item('b', '2026-11-27T10:00:00Z'), item('c', '2026-11-20T10:00:00Z')];
    expect(catalog(items, NOW)).toEqual(catalog([...items].reverse(), NOW));
  });
});

describe('properties', () => {
  const arbItem = fc
    .record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      file: fc.string({ minLength: 1, maxLength: 4 }),
      published: fc.integer({ min: NOW - 5 * 86_400_000, max: NOW + 5 * 86_400_000 }),
      withdrawn: fc.boolean(),
      embargo: fc.option(fc.integer({ min: NOW - 86_400_000, max: NOW + 86_400_000 }), { nil: undefined }),
      expires: fc.option(fc.integer({ min: NOW - 86_400_000, max: NOW + 86_400_000 }), { nil: undefined }),
    })
    .map(({ id, file, published, withdrawn, embargo, expires }) =>
      item(id, new Date(published).toISOString(), {
        file,
        // As the parser gives it: `withdrawn: true` is a kill at the time of `updated`.
        withdrawn: withdrawn ? { at: published } : false,
        syndication: { partners: 'all', ...(embargo !== undefined ? { embargo } : {}), ...(expires !== undefined ? { expires } : {}) },
      }),
    );

  it('sorts, keeps one item per id, and puts every first-seen item in exactly one place', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 20 }), (items) => {
        const c = catalog(items, NOW);
        // Sorted newest first, ties by id.
        expect([...c.items].sort(byNewest)).toEqual(c.items);
        // Every item lands in one bucket or is reported as a duplicate; nothing else happens to it.
        const firsts = items.filter((it, i) => items.findIndex((o) => o.id === it.id) === i);
        const placed = [...c.items, ...c.held, ...c.withdrawn, ...c.expired];
        expect(placed.length).toBe(firsts.length);
        expect(new Set(ids(placed))).toEqual(new Set(ids(firsts)));
        expect(c.problems.filter((p) => p.severity === 'error').length).toBe(items.length - firsts.length);
        // Nothing published is withdrawn, in the future, under embargo or expired.
        for (const i of c.items) {
          expect(i.withdrawn).toBe(false);
          expect(i.published).toBeLessThanOrEqual(NOW);
          if (i.syndication.embargo !== undefined) expect(i.syndication.embargo).toBeLessThanOrEqual(NOW);
          if (i.syndication.expires !== undefined) expect(i.syndication.expires).toBeGreaterThan(NOW);
        }
      }),
    );
  });
});

describe('tombstones: a kill is owed one for lifecycle.tombstone_days, if the story had gone out', () => {
  const WINDOW = 30 * DAY_MS;
  const killedAt = ms('2026-11-24T08:00:00Z');
  const killed = (extra: Partial<Item> = {}) =>
    item('k', '2026-11-20T10:00:00Z', { withdrawn: { at: killedAt, reason: 'legal' }, ...extra });

  it('from the kill until the window ends, then never again', () => {
    const k = killed();
    const at = (now: number) => catalog([k], now, undefined, { tombstoneMs: WINDOW }).killed.map((x) => [x.item.id, x.when, x.reason, x.cause]);
    expect(at(NOW)).toEqual([['k', killedAt, 'legal', 'withdrawn']]);
    expect(at(killedAt + WINDOW - 1)).toEqual([['k', killedAt, 'legal', 'withdrawn']]);
    expect(at(killedAt + WINDOW)).toEqual([]);
    // Withdrawn is withdrawn, whatever the window: it is never published again.
    expect(catalog([k], killedAt + WINDOW).items).toEqual([]);
    expect(catalog([k], NOW, undefined, { tombstoneMs: 0 }).killed).toEqual([]);
  });

  it('a story killed before it went out (still embargoed, or not yet published) leaves none', () => {
    const embargoed = killed({ syndication: { partners: 'all', embargo: ms('2026-11-25T00:00:00Z') } });
    expect(catalog([embargoed], NOW, undefined, { tombstoneMs: WINDOW }).killed).toEqual([]);
    const future = item('f', '2026-11-27T10:00:00Z', { withdrawn: { at: ms('2026-11-26T10:00:00Z'), reason: 'x' } });
    expect(catalog([future], NOW, undefined, { tombstoneMs: WINDOW }).killed).toEqual([]);
  });

  it('an expired licence is a kill at its expiry, reason "licence expired", for a story that went out before it', () => {
    const exp = item('e', '2026-11-10T10:00:00Z', { syndication: { partners: 'all', expires: ms('2026-11-25T00:00:00Z') } });
    expect(catalog([exp], NOW, undefined, { tombstoneMs: WINDOW }).killed.map((k) => [k.when, k.reason, k.cause])).toEqual([
      [ms('2026-11-25T00:00:00Z'), 'licence expired', 'expired'],
    ]);
    const neverOut = item('n', '2026-11-10T10:00:00Z', {
      syndication: { partners: 'all', embargo: ms('2026-11-25T00:00:00Z'), expires: ms('2026-11-25T00:00:00Z') },
    });
    expect(catalog([neverOut], NOW, undefined, { tombstoneMs: WINDOW }).killed).toEqual([]);
  });

  it('newest kill first, ties by id, whatever the order of the files', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }), (specs) => {
        const seen = new Set<string>();
        const its = specs
          .filter(([id]) => !seen.has(id) && seen.add(id))
          .map(([id, day]) => item(id, '2026-11-01T00:00:00Z', { withdrawn: { at: ms('2026-11-20T00:00:00Z') + day * DAY_MS, reason: id } }));
        const a = catalog(its, NOW, undefined, { tombstoneMs: WINDOW }).killed.map((k) => k.item.id);
        const b = catalog([...its].reverse(), NOW, undefined, { tombstoneMs: WINDOW }).killed.map((k) => k.item.id);
        expect(a).toEqual(b);
        const whens = catalog(its, NOW, undefined, { tombstoneMs: WINDOW }).killed.map((k) => k.when);
        expect(whens).toEqual([...whens].sort((x, y) => y - x));
      }),
    );
  });
});

describe('order by the latest change', () => {
  it('a corrected story comes first by updated, and keeps its place by published', () => {
    const old = item('old', '2026-11-01T10:00:00Z', { updated: ms('2026-11-25T10:00:00Z'), correction: 'fixed' });
    const mid = item('mid', '2026-11-20T10:00:00Z');
    const top = item('top', '2026-11-24T10:00:00Z');
    expect(ids(newest([old, mid, top], 2, byUpdated))).toEqual(['old', 'top']);
    expect(ids(newest([old, mid, top], 2))).toEqual(['top', 'mid']);
    expect(ids([mid, top, old].sort(byUpdated))).toEqual(['old', 'top', 'mid']);
  });
});

describe('ties and edges the mutants found', () => {
  const t = '2026-11-20T10:00:00Z';

  it('byNewest: at the same published time, the lower id first; the same id and time is a tie', () => {
    const [a, b] = [item('a', t), item('b', t)];
    expect(byNewest(a, b)).toBeLessThan(0);
    expect(byNewest(b, a)).toBeGreaterThan(0);
    expect(byNewest(a, item('a', t, { file: 'other.md' }))).toBe(0);
    expect(byText('items/a.md', 'items/b.md')).toBeLessThan(0);
    expect(byText('items/b.md', 'items/a.md')).toBeGreaterThan(0);
    expect(byText('items/a.md', 'items/a.md')).toBe(0);
  });

  it('kills at the same instant come out by id, in either file order', () => {
    const at = { at: ms('2026-11-24T08:00:00Z'), reason: 'legal' };
    const [x, y] = [item('x', t, { withdrawn: at }), item('y', t, { withdrawn: at })];
    for (const order of [[x, y], [y, x]]) expect(catalog(order, NOW).killed.map((k) => k.item.id)).toEqual(['x', 'y']);
  });

  it('duplicates are reported by the skipped file’s path, whatever order the files came in', () => {
    const files = ['d.md', 'b.md', 'e.md', 'a.md', 'c.md'];
    const copies = files.map((f, k) => item('x', '2026-11-20T10:00:00Z', { file: f, published: ms('2026-11-20T10:00:00Z') + k }));
    for (const order of [copies, [...copies].reverse()])
      expect(catalog(order, NOW).problems.map((p) => p.file)).toEqual(['a.md', 'b.md', 'c.md', 'e.md']);
  });

  it('the copy the last run published is kept whether it came first or second', () => {
    const live = item('x', '2026-11-21T10:00:00Z', { file: 'b.md' });
    const older = item('x', '2026-11-20T10:00:00Z', { file: 'a.md' });
    for (const order of [[older, live], [live, older]]) {
      const c = catalog(order, NOW, (i) => i === live);
      expect(c.items).toEqual([live]);
      expect(c.duplicates.map((d) => [d.skipped.file, d.why])).toEqual([['a.md', 'the last run published it']]);
    }
  });

  it('at the same published time the first by path is kept, in either order; in one file, the first in it', () => {
    const [a, b] = [item('x', t, { file: 'a.md' }), item('x', t, { file: 'b.md' })];
    for (const order of [[a, b], [b, a]]) expect(catalog(order, NOW).duplicates.map((d) => [d.kept.file, d.skipped.file, d.why])).toEqual([
      ['a.md', 'b.md', 'same published time: the first by path'],
    ]);
    const first = item('x', t, { file: 'items/feed.json', title: 'first' });
    const second = item('x', t, { file: 'items/feed.json', title: 'second' });
    expect(catalog([first, second], NOW).items.map((i) => i.title)).toEqual(['first']);
  });

  it('the duplicate error names each file with the line of its id, when known', () => {
    const [a, b] = [item('x', '2026-11-20T10:00:00Z', { file: 'a.md' }), item('x', '2026-11-21T10:00:00Z', { file: 'b.md' })];
    const d = catalog([a, b], NOW).duplicates[0]!;
    const p = duplicateProblem(d, (i) => (i === a ? 3 : 4));
    expect([p.file, p.line]).toEqual(['b.md', 4]);
    expect(p.message).toContain('is also the id of a.md:3, which is kept');
  });

  it('a story published at now and withdrawn at that instant had gone out: it leaves a tombstone', () => {
    const k = item('k', '2026-11-26T12:00:00Z', { withdrawn: { at: NOW, reason: 'legal' } });
    expect(catalog([k], NOW, undefined, { tombstoneMs: DAY_MS }).killed.map((x) => x.item.id)).toEqual(['k']);
  });

  it('a story withdrawn ahead, while not yet published, leaves none, even when the withdrawal is dated after its publication', () => {
    const k = item('k', '2026-11-27T10:00:00Z', { withdrawn: { at: ms('2026-11-28T10:00:00Z'), reason: 'x' } });
    expect(catalog([k], NOW, undefined, { tombstoneMs: 30 * DAY_MS }).killed).toEqual([]);
  });

  it('tombstone_days 0 means no tombstone, even for a withdrawal dated in the future', () => {
    const k = item('k', '2026-11-20T10:00:00Z', { withdrawn: { at: NOW + DAY_MS, reason: 'x' } });
    expect(catalog([k], NOW, undefined, { tombstoneMs: 0 }).killed).toEqual([]);
    expect(catalog([k], NOW, undefined, { tombstoneMs: DAY_MS }).killed.map((x) => x.item.id)).toEqual(['k']);
  });

  it(`without lifecycle.tombstone_days, a kill keeps its tombstone for ${TOMBSTONE_DAYS} days`, () => {
    const killedAt = ms('2026-11-01T08:00:00Z');
    const k = item('k', '2026-10-20T10:00:00Z', { withdrawn: { at: killedAt, reason: 'x' } });
    expect(catalog([k], killedAt + TOMBSTONE_DAYS * DAY_MS - 1).killed.map((x) => x.item.id)).toEqual(['k']);
    expect(catalog([k], killedAt + TOMBSTONE_DAYS * DAY_MS).killed).toEqual([]);
  });

  it('the tombstone of a story never corrected is its version 2; of a corrected one, 3', () => {
    const at = { at: ms('2026-11-24T08:00:00Z'), reason: 'legal' };
    const plain = catalog([item('p', t, { withdrawn: at })], NOW).killed.map(tombstoneOf);
    const corrected = catalog([item('c', t, { withdrawn: at, updated: ms('2026-11-21T10:00:00Z') })], NOW).killed.map(tombstoneOf);
    expect(plain.map((x) => x.version)).toEqual([2]);
    expect(corrected.map((x) => x.version)).toEqual([3]);
  });

  it('newest: none asked, none given; all asked, all sorted, the input left in its order', () => {
    const its = [item('a', '2026-11-01T00:00:00Z'), item('c', '2026-11-03T00:00:00Z'), item('b', '2026-11-02T00:00:00Z')];
    expect(newest(its, 0)).toEqual([]);
    expect(newest(its, -1)).toEqual([]);
    expect(ids(newest(its, 3))).toEqual(['c', 'b', 'a']);
    expect(ids(newest(its, 9))).toEqual(['c', 'b', 'a']);
    expect(ids(its)).toEqual(['a', 'c', 'b']);
  });
});

describe('sortItems', () => {
  // Few distinct times and ids, so that ties in published, in updated and in both are common.
  const items = fc.array(
    fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), published: fc.integer({ min: 0, max: 3 }), later: fc.integer({ min: 0, max: 2 }), n: fc.nat() }),
    { maxLength: 40 },
  ).map((rs) => rs.map((r, k) => makeItem({ file: `items/${k}.md`, id: r.id, url: `https://news.example.org/${r.id}`, title: String(r.n), published: r.published * DAY_MS, updated: (r.published + r.later) * DAY_MS })));

  it('gives what sorting by byNewest and by byUpdated gives, ties and repeated ids included', () => {
    fc.assert(
      fc.property(items, (its) => {
        for (const order of [byNewest, byUpdated]) {
          const want = [...its].sort(order);
          const got = sortItems(its, order);
          // The very same items, in the same places (a repeated id keeps the input's order).
          expect(got.length).toBe(want.length);
          got.forEach((g, k) => expect(g).toBe(want[k]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sorts by any other order as that order says, and leaves its input as it was', () => {
    const its = [item('b', '2026-11-02T00:00:00Z'), item('a', '2026-11-01T00:00:00Z'), item('c', '2026-11-03T00:00:00Z')];
    const byId = (x: Item, y: Item) => byText(x.id, y.id);
    expect(ids(sortItems(its, byId))).toEqual(['a', 'b', 'c']);
    expect(ids(sortItems(its, byUpdated))).toEqual(['c', 'b', 'a']);
    expect(ids(its)).toEqual(['b', 'a', 'c']);
  });
});

