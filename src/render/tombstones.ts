// RFC 6721 tombstones, written the same way in Atom (a child of atom:feed) and in RSS (a
// namespaced extension of the channel): `at:deleted-entry ref="<the entry's atom:id>" when="…"`
// with the reason in `at:comment`. Both writers put them before the first entry or item.
import type { FeedView } from '../types.js';
import { rfc3339, toTombstone, type TombstoneEntry } from './entry.js';
import { at, escapeText } from './xml.js';

export const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';

/** The document's tombstones, through the one mapping. */
export const tombstonesOf = (view: FeedView): TombstoneEntry[] => (view.tombstones ?? []).map(toTombstone);

function deletedEntry(t: TombstoneEntry): string {
  return `\n<at:deleted-entry${at('ref', t.atomId)} when="${rfc3339(t.when)}"><at:comment type="text">${escapeText(t.reason)}</at:comment></at:deleted-entry>`;
}

export const deletedEntries = (view: FeedView): string => tombstonesOf(view).map(deletedEntry).join('');
