// Draws the demo catalogue's pictures into assets/demo-uploads/cartwright-demo: for each of DEMO_MEDIA,
// a flat illustration (a coloured card with the item's name) as a WebP original, and the sizes WordPress
// makes of it, by the same code that makes an upload's sizes. Run once after changing DEMO_MEDIA:
//
//   node bin/run-ts.js bin/demo-images.ts
//
// The output is committed, so a store shows its demo pictures offline and nothing is drawn at start.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DEMO_MEDIA } from '../src/catalog/demo.ts';
import { DEMO_FOLDER, DEMO_IMAGE_SIDE } from '../src/media/demo-images.ts';
import { sizeFileName } from '../src/media/file-names.ts';
import { writeSize } from '../src/media/images.ts';
import { plannedSizes } from '../src/media/sizes.ts';

const OUT = fileURLToPath(new URL(`../assets/demo-uploads/${DEMO_FOLDER}/`, import.meta.url));
const SIDE = DEMO_IMAGE_SIDE;

/** A stable hue per picture, so each item keeps its colour from one run to the next. */
function hue(seed: string): number {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The name in lines of at most `width` characters. */
function lines(text: string, width: number): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    const last = out[out.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out.slice(0, 3);
}

function svg(seed: string, alt: string): string {
  const h = hue(seed);
  const text = lines(alt, 18)
    .map((l, i, all) => `<text x="300" y="${470 - (all.length - 1 - i) * 44}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="36" font-weight="bold" fill="hsl(${h},45%,22%)">${escape(l)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}" viewBox="0 0 600 600">
<rect width="600" height="600" fill="hsl(${h},60%,88%)"/>
<circle cx="300" cy="230" r="130" fill="hsl(${h},55%,62%)"/>
<rect x="235" y="165" width="130" height="130" rx="24" fill="hsl(${(h + 30) % 360},50%,42%)"/>
<circle cx="300" cy="230" r="26" fill="hsl(${h},60%,88%)"/>
${text}
</svg>`;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
let bytes = 0;
for (const [, seed, alt] of DEMO_MEDIA) {
  const original = join(OUT, `${seed}.webp`);
  bytes += (await sharp(Buffer.from(svg(seed, alt))).webp({ quality: 70 }).toFile(original)).size;
  const made = new Set<string>();
  for (const size of plannedSizes(SIDE, SIDE)) {
    const file = sizeFileName(`${seed}.webp`, size.width, size.height);
    if (made.has(file)) continue;
    made.add(file);
    bytes += await writeSize(original, join(OUT, file), 'image/webp', size, SIDE * SIDE);
  }
}
console.log(`${DEMO_MEDIA.length} pictures, ${Math.round(bytes / 1024)} KB, in ${OUT}`);
