// The config's constants that code outside the schema needs: here, not in schema.ts, so that a
// run whose config comes from the cache (config/cached.ts) does not load the schema library.
export const FORMATS = ['rss', 'atom', 'json'] as const;
/** lifecycle.tombstone_days unless the config says otherwise. */
export const TOMBSTONE_DAYS = 30;
