// The library API: the whole run, and each stage on its own.
export { build, renderSite, type BuildOptions, type BuildResult } from './build.js';
export { loadConfig, parseConfig, type ConfigResult } from './config/load.js';
export { configSchema, type Config, type PartnerConfig } from './config/schema.js';
export { loadItems, listItemFiles, readItemText, type LoadResult, ItemsFolderError } from './items/load.js';
export { parseItem, parseMarkdownItem, parseJsonItem, type ItemDefaults, type ParseResult } from './items/parse.js';
export { renderBody, markdownToHtml } from './items/body.js';
export { cleanText } from './items/clean.js';
export { catalog, type Catalog } from './catalog.js';
export { selectViews, selectMain, selectTags, feedUrl } from './select.js';
export { creditLine } from './attribution.js';
export { renderView, renderRss, renderAtom, renderJsonFeed, toEntry } from './render/index.js';
export { publish, PublishError, type PublishReport } from './publish/write.js';
export { formatProblem } from './validate.js';
export type * from './types.js';
