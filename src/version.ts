import type { Item } from './types.js';

/**
 * The story's version as last published (ninjs `version`, JSON Feed `_wirefeed.version`): 1,
 * and 2 once corrected or updated. An item keeps only its latest correction, so no more.
 */
export const liveVersion = (item: Pick<Item, 'correction' | 'updated' | 'published'>): number =>
  item.correction !== undefined || item.updated > item.published ? 2 : 1;
