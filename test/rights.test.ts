// The rights decisions on their own: may partner P receive item I, and its photo?
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartnerConfig } from '../src/config/schema.js';
import { creditLine, withoutPhotoCredit } from '../src/attribution.js';
import { agenciesOf, creditNames, itemAllows, photoCleared, policyAllows, storyCleared, withheldImages } from '../src/rights.js';
import type { Item } from '../src/types.js';
import { makeItem } from './helpers/item.js';

const AGENCIES = ['TT News Agency', 'NTB', 'Reuters', 'AP'];

const item = (over: Partial<Item> = {}): Item =>
  makeItem({ id: 'https://desk.example.org/x', url: 'https://desk.example.org/x', ...over });

function partner(name: string, policy: Partial<PartnerConfig['policy']> = {}): PartnerConfig {
  return {
    name,
    full_text: true,
    policy: { deny_agencies: [], deny_photo_credits: [], allow_uncredited_photos: false, ...policy },
  };
}

const alpha = partner('alpha', { agencies: ['TT News Agency', 'NTB'], deny_photo_credits: ['AP', 'Reuters'] });
const gamma = partner('gamma', { deny_agencies: ['TT News Agency'], allow_uncredited_photos: true });

describe("the item's own syndication.partners", () => {
  it('all, none, or a list of names', () => {
    expect(itemAllows(item(), 'alpha').cleared).toBe(true);
    expect(itemAllows(item({ syndication: { partners: 'none' } }), 'alpha')).toEqual({
      cleared: false,
      reason: 'the item says syndication.partners: none',
    });
    expect(itemAllows(item({ syndication: { partners: ['alpha'] } }), 'alpha').cleared).toBe(true);
    expect(itemAllows(item({ syndication: { partners: ['alpha'] } }), 'gamma').cleared).toBe(false);
  });

  it('narrows the policy and never widens it', () => {
    const tt = item({ syndication: { partners: ['gamma'] } });
    expect(storyCleared(tt, gamma, AGENCIES)).toEqual({ cleared: false, reason: 'its policy denies stories by TT News Agency' });
    expect(storyCleared(item({ syndication: { partners: 'none' } }), alpha, AGENCIES).cleared).toBe(false);
  });
});

describe("the partner's policy on stories", () => {
  it('an allowlist of agencies takes only their wire copy, and our own staff always', () => {
    expect(policyAllows(item(), alpha, AGENCIES).cleared).toBe(true);
    expect(policyAllows(item({ authors: [{ name: 'NTB' }] }), alpha, AGENCIES).cleared).toBe(true);
    expect(policyAllows(item({ authors: [{ name: 'Reuters' }] }), alpha, AGENCIES)).toEqual({
      cleared: false,
      reason: 'its policy does not take stories by Reuters',
    });
    expect(policyAllows(item({ authors: [{ name: 'Åsa Öberg' }] }), alpha, AGENCIES).cleared).toBe(true);
  });

  it('a story by two agencies needs both cleared; a staff reporter with an agency needs the agency', () => {
    expect(policyAllows(item({ authors: [{ name: 'TT News Agency' }, { name: 'Reuters' }] }), alpha, AGENCIES).cleared).toBe(false);
    expect(policyAllows(item({ authors: [{ name: 'Åsa Öberg' }, { name: 'TT News Agency' }] }), alpha, AGENCIES).cleared).toBe(true);
    expect(policyAllows(item({ authors: [{ name: 'Åsa Öberg' }, { name: 'TT News Agency' }] }), gamma, AGENCIES).cleared).toBe(false);
  });

  it('names match without regard to case or spacing', () => {
    expect(agenciesOf(item({ authors: [{ name: 'tt  news agency' }] }), AGENCIES)).toEqual(['tt  news agency']);
    expect(policyAllows(item({ authors: [{ name: 'TT NEWS AGENCY' }] }), gamma, AGENCIES).cleared).toBe(false);
  });
});

describe('photo credits', () => {
  it.each([
    ['Markus Schreiber/AP/TT', 'AP', true],
    ['AP Photo/Evan Vucci', 'AP', true],
    ['Evan Vucci / AP', 'ap', true],
    ['Lise Åserud/Reuters', 'Reuters', true],
    ['Tapio Aptonen/Lehtikuva', 'AP', false],
    ['RAPPORT/TT', 'AP', false],
    ['Jonas Ekströmer/TT', 'AP', false],
    ['Photo: Scanpix Norway', 'Scanpix Norway', true],
    ['Photo: Scanpix  Norway', 'Scanpix Norway', true],
  ])('%s names %s: %s', (credit, who, names) => {
    expect(creditNames(credit, who)).toBe(names);
  });

  it('a denied credit withholds the photo; an uncredited photo is withheld unless allowed', () => {
    expect(photoCleared('Markus Schreiber/AP/TT', alpha)).toEqual({ cleared: false, reason: 'its policy denies photos credited to AP' });
    expect(photoCleared('Henrik Dahl/TT', alpha).cleared).toBe(true);
    expect(photoCleared(undefined, alpha)).toEqual({ cleared: false, reason: 'the photo has no credit' });
    expect(photoCleared('  ', alpha).cleared).toBe(false);
    expect(photoCleared(undefined, gamma).cleared).toBe(true);
  });

  it('withheld images: the refused photo, and uncredited pictures in the body unless allowed', () => {
    const withPhoto = item({ image: { url: 'https://desk.example.org/p.jpg', credit: 'Markus Schreiber/AP/TT' } });
    const body = ['https://desk.example.org/p.jpg', 'https://desk.example.org/chart.png'];
    expect(withheldImages(withPhoto, alpha, body)).toEqual(['https://desk.example.org/p.jpg', 'https://desk.example.org/chart.png']);
    expect(withheldImages(withPhoto, gamma, body)).toEqual([]);
    const cleared = item({ image: { url: 'https://desk.example.org/p.jpg', credit: 'Henrik Dahl/TT' } });
    expect(withheldImages(cleared, alpha, body)).toEqual(['https://desk.example.org/chart.png']);
  });

  it("a photo's renditions go with it: withheld with a refused photo, kept with a cleared one", () => {
    const renditions = [{ url: 'https://desk.example.org/p-800.jpg', width: 800, height: 533 }];
    const body = ['https://desk.example.org/p-800.jpg'];
    const refused = item({ image: { url: 'https://desk.example.org/p.jpg', credit: 'Markus Schreiber/AP/TT', renditions } });
    expect(withheldImages(refused, alpha, body)).toEqual(['https://desk.example.org/p.jpg', 'https://desk.example.org/p-800.jpg']);
    // Not an uncredited picture in the body: the photo's own size, with the photo's credit.
    const cleared = item({ image: { url: 'https://desk.example.org/p.jpg', credit: 'Henrik Dahl/TT', renditions } });
    expect(withheldImages(cleared, alpha, body)).toEqual([]);
  });

  it('property: a credit made of parts joined by "/" is refused exactly when a part is denied', () => {
    const part = fc.constantFrom('AP', 'TT', 'NTB', 'Reuters', 'Markus Schreiber', 'Lise Åserud', 'Scanpix', 'Lehtikuva');
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.subarray(['AP', 'Reuters', 'Scanpix']), (parts, deny) => {
        const p = partner('p', { deny_photo_credits: deny });
        const refused = parts.some((x) => deny.includes(x));
        expect(photoCleared(parts.join('/'), p).cleared).toBe(!refused);
      }),
    );
  });
});

describe('the credit line when the photo is withheld', () => {
  const photo = { url: 'https://desk.example.org/p.jpg', credit: 'Markus Schreiber/AP/TT' };

  it('a built line drops its "Photo:" part', () => {
    const i = item({ contributors: [{ name: 'Sweden Herald', role: 'English edition' }], image: photo });
    expect(creditLine(i)).toBe('By TT News Agency. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT');
    expect(creditLine(i, photo.credit)).toBe('By TT News Agency. English edition by Sweden Herald.');
  });

  it.each([
    ['Reporting by TT; English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT', 'Reporting by TT; English edition by Sweden Herald.'],
    ['By TT, photo Markus Schreiber/AP/TT.', 'By TT.'],
    ['By TT (photo: Markus Schreiber/AP/TT). Edited by Sweden Herald.', 'By TT. Edited by Sweden Herald.'],
    ['By TT; PHOTO BY markus schreiber/ap/tt', 'By TT.'],
    // Nothing left of the item's own line: the built line stands in, without the photo.
    ['Photo: Markus Schreiber/AP/TT', 'By TT News Agency.'],
  ])("an item's own line %j keeps everything but the photo credit", (own, expected) => {
    const i = item({ credit: own, image: photo });
    expect(creditLine(i)).toBe(own);
    const out = creditLine(i, photo.credit);
    expect(out).toBe(expected);
    expect(out.toLowerCase()).not.toContain('schreiber');
  });

  it('withoutPhotoCredit never leaves the credit in, for any surrounding text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('Photo: ', 'photo by ', ', ', '; ', ''), (before, after, label) => {
        const out = withoutPhotoCredit(`${before}${label}Markus Schreiber/AP/TT${after}`, 'Markus Schreiber/AP/TT');
        expect(out.toLowerCase()).not.toContain('markus schreiber/ap/tt');
      }),
    );
  });
});
