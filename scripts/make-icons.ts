// Draws the Teams app icons and writes them as PNG files, using nothing but node:zlib:
//   appPackage/color.png    192x192, a teal rounded square with a white wrench
//   appPackage/outline.png   32x32, the same wrench, white on transparent
// The output is deterministic, so a test can compare the committed icons with a fresh render.
//
//   npx tsx scripts/make-icons.ts [outDir]     (outDir defaults to appPackage/)

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from './app-package';

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;
/** Background of the colour icon; the manifest's accentColor is the same colour. */
export const ACCENT = { r: 0x0e, g: 0x7c, b: 0x86 } as const;

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** An RGBA image, 8 bits per channel, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

// ---------------------------------------------------------------- PNG encoding

function chunk(type: string, payload: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), payload]);
  const out = Buffer.alloc(8 + payload.length + 4);
  out.writeUInt32BE(payload.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + payload.length);
  return out;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes an RGBA image as a PNG: 8-bit truecolour with alpha, not interlaced, filter type 0 on every row. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: None
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

// ---------------------------------------------------------------- drawing with signed distances

/** Signed distance: negative inside the shape, positive outside, in glyph units. */
type Sdf = (x: number, y: number) => number;

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

const box =
  (cx: number, cy: number, hw: number, hh: number): Sdf =>
  (x, y) => {
    const dx = Math.abs(x - cx) - hw;
    const dy = Math.abs(y - cy) - hh;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0);
  };

const capsule =
  (ax: number, ay: number, bx: number, by: number, r: number): Sdf =>
  (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, (px * vx + py * vy) / (vx * vx + vy * vy)));
    return Math.hypot(px - vx * t, py - vy * t) - r;
  };

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));

const subtract =
  (shape: Sdf, hole: Sdf): Sdf =>
  (x, y) =>
    Math.max(shape(x, y), -hole(x, y));

/**
 * An open-end wrench in a [-1, 1] square, y pointing down: the head top right, the handle running to
 * the bottom left. Drawn upright along the y axis, then turned 45 degrees.
 */
function wrench(): Sdf {
  const head = subtract(
    circle(0, -0.5, 0.36),
    // the jaw: a slot open to the top, rounded at its bottom
    union(box(0, -0.8, 0.13, 0.35), circle(0, -0.45, 0.13)),
  );
  const handle = subtract(capsule(0, -0.2, 0, 0.78, 0.15), circle(0, 0.66, 0.06));
  const upright = union(head, handle);
  const cos = Math.cos(Math.PI / 4);
  const sin = Math.sin(Math.PI / 4);
  // turn the glyph clockwise by 45 degrees: sample the upright shape at the point turned back
  return (x, y) => upright(x * cos + y * sin, -x * sin + y * cos);
}

/** Rounded square filling the [-1, 1] square. */
const roundedSquare = (radius: number): Sdf => {
  const inner = box(0, 0, 1 - radius, 1 - radius);
  return (x, y) => inner(x, y) - radius;
};

/** Fraction of a pixel inside a shape, from an n x n grid of samples. */
function coverage(shape: Sdf, toUnit: (p: number) => number, px: number, py: number, n = 4): number {
  let inside = 0;
  for (let sy = 0; sy < n; sy++) {
    for (let sx = 0; sx < n; sx++) {
      if (shape(toUnit(px + (sx + 0.5) / n), toUnit(py + (sy + 0.5) / n)) < 0) inside++;
    }
  }
  return inside / (n * n);
}

function blank(size: number): RgbaImage {
  return { width: size, height: size, data: new Uint8Array(size * size * 4) };
}

/** Colour icon: an accent-coloured rounded square, slightly lighter at the top, with a white wrench. */
export function renderColorIcon(size = COLOR_SIZE): RgbaImage {
  const image = blank(size);
  const plate = roundedSquare(0.22);
  const glyph = wrench();
  const glyphScale = 0.68; // the wrench spans about two thirds of the icon
  const toUnit = (p: number): number => (p / size) * 2 - 1;
  const toGlyph = (p: number): number => toUnit(p) / glyphScale;
  for (let y = 0; y < size; y++) {
    const lighten = 0.12 * (1 - y / (size - 1));
    const bg: Rgb = {
      r: ACCENT.r + (255 - ACCENT.r) * lighten,
      g: ACCENT.g + (255 - ACCENT.g) * lighten,
      b: ACCENT.b + (255 - ACCENT.b) * lighten,
    };
    for (let x = 0; x < size; x++) {
      const plateCover = coverage(plate, toUnit, x, y);
      if (plateCover === 0) continue;
      const glyphCover = coverage(glyph, toGlyph, x, y);
      const i = (y * size + x) * 4;
      image.data[i] = Math.round(bg.r + (255 - bg.r) * glyphCover);
      image.data[i + 1] = Math.round(bg.g + (255 - bg.g) * glyphCover);
      image.data[i + 2] = Math.round(bg.b + (255 - bg.b) * glyphCover);
      image.data[i + 3] = Math.round(255 * plateCover);
    }
  }
  return image;
}

/** Outline icon: the wrench in white on a transparent background; edges are white with partial alpha. */
export function renderOutlineIcon(size = OUTLINE_SIZE): RgbaImage {
  const image = blank(size);
  const glyph = wrench();
  const glyphScale = 0.94;
  const toGlyph = (p: number): number => ((p / size) * 2 - 1) / glyphScale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(255 * coverage(glyph, toGlyph, x, y, 8));
      if (alpha === 0) continue;
      image.data.set([255, 255, 255, alpha], (y * size + x) * 4);
    }
  }
  return image;
}

export function writeIcons(outDir: string): { color: string; outline: string } {
  mkdirSync(outDir, { recursive: true });
  const color = path.join(outDir, 'color.png');
  const outline = path.join(outDir, 'outline.png');
  writeFileSync(color, encodePng(renderColorIcon()));
  writeFileSync(outline, encodePng(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'appPackage'));
  const written = writeIcons(outDir);
  console.log(`Wrote ${written.color} (${COLOR_SIZE}x${COLOR_SIZE})`);
  console.log(`Wrote ${written.outline} (${OUTLINE_SIZE}x${OUTLINE_SIZE})`);
}
