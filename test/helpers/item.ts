// A valid Item with every required field, for unit tests of the stages after load.
import type { Item } from '../../src/types.js';

export function makeItem(over: Partial<Item> = {}): Item {
  return {
    file: 'items/x.md',
    id: 'https://news.example.org/x',
    url: 'https://news.example.org/x',
    title: 'X',
    published: 0,
    updated: 0,
    authors: [{ name: 'TT News Agency' }],
    contributors: [],
    tags: [],
    syndication: { partners: 'all' },
    withdrawn: false,
    ...over,
  };
}
