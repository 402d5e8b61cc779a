// Draws the app icon (the same picture as icon.svg: a clock face on a deep-blue tile with a red
// alarm dot) at every size the installers need, with no image library: shapes as signed distance
// functions, anti-aliased by distance, written as PNG (zlib) and as a Windows .ico of PNG entries.
//
//   node resources/icons/make-icons.mjs        → resources/icons/{NxN.png, icon.png, icon.ico}
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- the picture, in a 512-unit square (keep in step with icon.svg) ------------------------------
const TILE = { x: 16, y: 16, w: 480, h: 480, r: 96 };
const TOP = [0x0b, 0x3a, 0x82];
const BOTTOM = [0x15, 0x65, 0xc0];
const WHITE = [0xff, 0xff, 0xff];
const RED = [0xe5, 0x39, 0x35];
const FACE = { cx: 256, cy: 276, r: 148, stroke: 30 };
const HANDS = [
  { x1: 256, y1: 276, x2: 256, y2: 178, w: 30 },
  { x1: 256, y1: 276, x2: 334, y2: 318, w: 30 },
];
const ALARM = { cx: 398, cy: 118, r: 50, ring: 16 };

function sdRoundRect(px, py, { x, y, w, h, r }) {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const qx = Math.abs(px - cx) - (w / 2 - r);
  const qy = Math.abs(py - cy) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function sdCircle(px, py, cx, cy, r) {
  return Math.hypot(px - cx, py - cy) - r;
}

function sdSegment(px, py, { x1, y1, x2, y2, w }) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)) - w / 2;
}

/** Coverage of a shape at a pixel from its signed distance (in units), `unitsPerPixel` wide. */
function cover(d, unitsPerPixel) {
  return Math.max(0, Math.min(1, 0.5 - d / unitsPerPixel));
}

function over(dst, color, alpha) {
  // dst is premultiplied [r, g, b, a] in 0..1.
  const a = alpha;
  dst[0] = color[0] / 255 * a + dst[0] * (1 - a);
  dst[1] = color[1] / 255 * a + dst[1] * (1 - a);
  dst[2] = color[2] / 255 * a + dst[2] * (1 - a);
  dst[3] = a + dst[3] * (1 - a);
}

function render(size) {
  const k = 512 / size; // units per pixel
  const rgba = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const px = (i + 0.5) * k;
      const py = (j + 0.5) * k;
      const dst = [0, 0, 0, 0];
      const t = Math.max(0, Math.min(1, (py - TILE.y) / TILE.h));
      const tile = TOP.map((c, n) => Math.round(c + (BOTTOM[n] - c) * t));
      over(dst, tile, cover(sdRoundRect(px, py, TILE), k));
      const ring = Math.abs(sdCircle(px, py, FACE.cx, FACE.cy, FACE.r)) - FACE.stroke / 2;
      over(dst, WHITE, cover(ring, k));
      for (const hand of HANDS) over(dst, WHITE, cover(sdSegment(px, py, hand), k));
      over(dst, WHITE, cover(sdCircle(px, py, FACE.cx, FACE.cy, 22), k));
      over(dst, WHITE, cover(sdCircle(px, py, ALARM.cx, ALARM.cy, ALARM.r + ALARM.ring), k));
      over(dst, RED, cover(sdCircle(px, py, ALARM.cx, ALARM.cy, ALARM.r), k));
      const o = (j * size + i) * 4;
      const a = dst[3];
      rgba[o] = a > 0 ? Math.round((dst[0] / a) * 255) : 0;
      rgba[o + 1] = a > 0 ? Math.round((dst[1] / a) * 255) : 0;
      rgba[o + 2] = a > 0 ? Math.round((dst[2] / a) * 255) : 0;
      rgba[o + 3] = Math.round(a * 255);
    }
  }
  return rgba;
}

// ---- PNG and ICO -------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A .ico whose entries are PNGs (supported since Windows Vista; what electron-builder expects for 256 px). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const dir = Buffer.alloc(16 * pngs.length);
  let offset = 6 + dir.length;
  pngs.forEach(({ size, png }, n) => {
    const e = n * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...pngs.map((p) => p.png)]);
}

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const pngs = new Map();
for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) pngs.set(size, encodePng(size, render(size)));
for (const size of LINUX_SIZES) writeFileSync(path.join(here, `${size}x${size}.png`), pngs.get(size));
writeFileSync(path.join(here, 'icon.png'), pngs.get(512));
writeFileSync(path.join(here, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
console.log(`icons written to ${here}: ${LINUX_SIZES.map((s) => `${s}x${s}.png`).join(', ')}, icon.png, icon.ico`);
