// ninjs documents against the IPTC schemas (test/schemas/ninjs/, with GeoJSON from npm
// `geojson-schema` for 2.2), Superdesk's dialect against ours, and the index against ours.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { NinjsVersion } from '../../src/types.js';

const require = createRequire(import.meta.url);
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas/ninjs');
const schema = (name: string) => JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as Record<string, unknown>;

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv | Ajv2020) => void;

// 2.2 is JSON Schema 2020-12 and refers to GeoJSON (draft-07): one Ajv2020 with the draft-07 meta-schema.
const ajv2020 = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv2020);
ajv2020.addMetaSchema(require('ajv/dist/refs/json-schema-draft-07.json') as object);
ajv2020.addSchema(require('geojson-schema/GeoJSON.json') as object);
const v22 = ajv2020.compile(schema('ninjs-schema_2.2.json'));

// 1.6, Superdesk's dialect (which refers to 1.6's definitions) and the index are draft-07.
const ajv07 = new Ajv({ allErrors: true, strict: false });
addFormats(ajv07);
ajv07.addSchema(schema('ninjs-schema_1.6.json'));
const v16 = ajv07.getSchema('http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json')!;
const vSuperdesk = ajv07.compile(schema('superdesk.json'));
const vIndex = ajv07.compile(schema('index.json'));

const VALIDATORS: Record<NinjsVersion, ValidateFunction> = { '2.2': v22, '1.6': v16, superdesk: vSuperdesk };

function errors(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

function parse(text: string): { doc?: unknown; error?: string } {
  try {
    return { doc: JSON.parse(text) };
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
}

/** Schema errors of one ninjs document (its text) in the given version; empty when valid. */
export function ninjsErrors(text: string, version: NinjsVersion): string[] {
  const { doc, error } = parse(text);
  return error ? [error] : errors(VALIDATORS[version], doc);
}

/**
 * Schema errors of an index document: against our index schema, and each entry (less its
 * URL) as a ninjs document of the index's version (Superdesk's: IPTC 1.6).
 */
export function ninjsIndexErrors(text: string): string[] {
  const { doc, error } = parse(text);
  if (error) return [error];
  const out = errors(vIndex, doc);
  const index = doc as { ninjs_version?: NinjsVersion; items?: { url?: string }[] };
  const entry = index.ninjs_version === '2.2' ? v22 : v16;
  (index.items ?? []).forEach(({ url: _url, ...rest }, i) => out.push(...errors(entry, rest).map((e) => `/items/${i}${e}`)));
  return out;
}

export { v16 as validateNinjs16, v22 as validateNinjs22 };
