import { describe, expect, it } from 'vitest';
import { constrainDimensions, plannedSizes } from '../../src/media/sizes.ts';

const dims = (w: number, h: number) => Object.fromEntries(plannedSizes(w, h).map((s) => [s.name, `${s.width}x${s.height}`]));

describe('the sizes WordPress makes of an image', () => {
  it('makes every size of a large landscape photo: crops exact, the rest fitted in proportion', () => {
    expect(dims(1600, 1200)).toEqual({
      thumbnail: '150x150',
      medium: '300x225',
      medium_large: '768x576',
      large: '1024x768',
      woocommerce_thumbnail: '300x300',
      woocommerce_single: '600x450',
      woocommerce_gallery_thumbnail: '100x100',
    });
  });

  it('makes only sizes smaller than the original', () => {
    expect(dims(600, 600)).toEqual({ thumbnail: '150x150', medium: '300x300', woocommerce_thumbnail: '300x300', woocommerce_gallery_thumbnail: '100x100' });
    expect(dims(90, 80)).toEqual({});
  });

  it('crops a narrow image only on the side that is larger than the box (WordPress: 600x300 in 400x400 is 400x300)', () => {
    expect(dims(120, 400)).toMatchObject({ thumbnail: '120x150', woocommerce_thumbnail: '120x300', woocommerce_gallery_thumbnail: '100x100', medium: '90x300' });
  });

  it('centres the crop', () => {
    const thumb = plannedSizes(1600, 1200).find((s) => s.name === 'thumbnail')!;
    expect(thumb.source).toEqual({ left: 200, top: 0, width: 1200, height: 1200 });
  });

  it('rounds up a side one pixel short of the box, as wp_constrain_dimensions does', () => {
    // 302 × 303 scaled by 300/303 is 299 × 300: the missing pixel is rounding, not proportion.
    expect(constrainDimensions(302, 303, 300, 300)).toEqual([300, 300]);
    expect(constrainDimensions(1600, 1200, 768, 0)).toEqual([768, 576]);
  });

  it('skips a size within a pixel of the original', () => {
    expect(plannedSizes(301, 301).map((s) => s.name)).not.toContain('medium');
  });
});
