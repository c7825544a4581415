/**
 * The image sizes WordPress and WooCommerce make of every uploaded image, and WordPress's arithmetic for
 * each (`image_resize_dimensions` and `wp_constrain_dimensions` in wp-includes/media.php). Pure: the
 * upload service and the demo catalogue both plan their files with it.
 */

export interface ImageSize {
  name: string;
  /** 0: no limit on this side. */
  width: number;
  height: number;
  /** Cropped to exactly width × height (centred), rather than fitted inside them. */
  crop: boolean;
}

/** WordPress's defaults (Settings › Media) and WooCommerce's, in the order WordPress makes them. */
export const IMAGE_SIZES: readonly ImageSize[] = [
  { name: 'thumbnail', width: 150, height: 150, crop: true },
  { name: 'medium', width: 300, height: 300, crop: false },
  { name: 'medium_large', width: 768, height: 0, crop: false },
  { name: 'large', width: 1024, height: 1024, crop: false },
  { name: 'woocommerce_thumbnail', width: 300, height: 300, crop: true },
  { name: 'woocommerce_single', width: 600, height: 0, crop: false },
  { name: 'woocommerce_gallery_thumbnail', width: 100, height: 100, crop: true },
];

export interface PlannedSize {
  name: string;
  width: number;
  height: number;
  /** The part of the original to scale down: all of it, or the centred crop. */
  source: { left: number; top: number; width: number; height: number };
}

/** WordPress's `wp_fuzzy_number_match`: a pixel of rounding is no difference. */
const nearly = (a: number, b: number) => Math.abs(a - b) <= 1;

/** `wp_constrain_dimensions`: the largest size of the same proportions inside the box (a 0 side is free). */
export function constrainDimensions(width: number, height: number, maxWidth: number, maxHeight: number): [number, number] {
  if (!maxWidth && !maxHeight) return [width, height];
  const didWidth = maxWidth > 0 && width > maxWidth;
  const didHeight = maxHeight > 0 && height > maxHeight;
  const widthRatio = didWidth ? maxWidth / width : 1;
  const heightRatio = didHeight ? maxHeight / height : 1;
  const smaller = Math.min(widthRatio, heightRatio);
  const larger = Math.max(widthRatio, heightRatio);
  // WordPress compares against the limits even when one is 0 (free), which then always takes the smaller ratio.
  const ratio = Math.round(width * larger) > maxWidth || Math.round(height * larger) > maxHeight ? smaller : larger;
  let w = Math.max(1, Math.round(width * ratio));
  let h = Math.max(1, Math.round(height * ratio));
  // A result one pixel short of the limit is rounding, not intent.
  if (didWidth && w === maxWidth - 1) w = maxWidth;
  if (didHeight && h === maxHeight - 1) h = maxHeight;
  return [w, h];
}

/** `image_resize_dimensions`: what one size makes of an original, or null when WordPress would not make it. */
export function resizeDimensions(width: number, height: number, size: ImageSize): PlannedSize | null {
  if (width <= 0 || height <= 0 || (size.width <= 0 && size.height <= 0)) return null;
  // Never larger than the original.
  if (!size.height ? width < size.width : !size.width ? height < size.height : width < size.width && height < size.height) return null;
  let planned: PlannedSize;
  if (size.crop) {
    let w = Math.min(size.width, width);
    let h = Math.min(size.height, height);
    if (!w) w = Math.round(h * (width / height));
    if (!h) h = Math.round(w / (width / height));
    const ratio = Math.max(w / width, h / height);
    const cropWidth = Math.round(w / ratio);
    const cropHeight = Math.round(h / ratio);
    const source = { left: Math.floor((width - cropWidth) / 2), top: Math.floor((height - cropHeight) / 2), width: cropWidth, height: cropHeight };
    planned = { name: size.name, width: w, height: h, source };
  } else {
    const [w, h] = constrainDimensions(width, height, size.width, size.height);
    planned = { name: size.name, width: w, height: h, source: { left: 0, top: 0, width, height } };
  }
  return nearly(planned.width, width) && nearly(planned.height, height) ? null : planned;
}

/** Every size WordPress makes of an image of these dimensions (only those smaller than it). */
export function plannedSizes(width: number, height: number, sizes: readonly ImageSize[] = IMAGE_SIZES): PlannedSize[] {
  return sizes.map((s) => resizeDimensions(width, height, s)).filter((p) => p !== null);
}
