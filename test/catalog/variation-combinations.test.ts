import { describe, expect, it } from 'vitest';
import { completeProduct } from '../../src/catalog/product.ts';
import type { Product } from '../../src/catalog/types.ts';
import { allCombinations, missingCombinations, unmatchedVariations } from '../../src/catalog/variation-combinations.ts';

/** A variable product with a colour (red, navy) and a size (s, m) for variations, and a material that is not. */
const parent = { ...completeProduct({
  type: 'variable',
  attributes: [
    { id: 1, name: 'Colour', taxonomy: 'pa_colour', position: 0, visible: true, variation: true, options: [{ slug: 'red', label: 'Red' }, { slug: 'navy', label: 'Navy' }] },
    { id: 0, name: 'Material', taxonomy: 'material', position: 1, visible: true, variation: false, options: [{ slug: 'wool', label: 'Wool' }] },
    { id: 0, name: 'Size', taxonomy: 'size', position: 2, visible: true, variation: true, options: [{ slug: 's', label: 'S' }, { slug: 'm', label: 'M' }] },
  ],
}, 0), id: 1 } as Product;

let next = 100;
const variation = (attributes: Record<string, string>): Product => ({ ...completeProduct({ type: 'variation', parentId: 1, variationAttributes: attributes }, 0), id: next++ }) as Product;
const combo = (colour: string, size: string) => ({ attribute_pa_colour: colour, attribute_size: size });

describe('variation combinations', () => {
  it('are every pairing of the variation attributes’ options, the first attribute varying slowest', () => {
    expect(allCombinations(parent)).toEqual([combo('red', 's'), combo('red', 'm'), combo('navy', 's'), combo('navy', 'm')]);
    expect(allCombinations({ ...parent, attributes: [] })).toEqual([]);
  });

  it('leave out those a variation has, up to a limit', () => {
    const have = [variation(combo('red', 'm')), variation({ attribute_pa_colour: 'navy', attribute_size: '' })];
    expect(missingCombinations(parent, have, 50)).toEqual([combo('red', 's'), combo('navy', 's'), combo('navy', 'm')]);
    expect(missingCombinations(parent, have, 2)).toEqual([combo('red', 's'), combo('navy', 's')]);
  });

  it('find the variations a regeneration removes: no combination of theirs, or one another variation had first', () => {
    const first = variation(combo('red', 's'));
    const again = variation(combo('red', 's'));
    const any = variation({ attribute_pa_colour: 'red', attribute_size: '' });
    const gone = variation(combo('green', 's'));
    expect(unmatchedVariations(parent, [first, again, any, gone]).map((v) => v.id)).toEqual([again.id, any.id, gone.id]);
  });
});
