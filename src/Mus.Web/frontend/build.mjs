// Lays out Det Fælles Designsystem under wwwroot/lib/dkfds from the npm package, for the .NET build.
//
// What we change and why:
// - dkfds declares IBM Plex Sans with woff listed before woff2 (for the regular weight even an .eot
//   first), so a browser fetches the larger woff of the complete font. We drop those declarations
//   and put our own first: woff2 only, split by script with unicode-range, so a Danish page loads
//   the Latin1 files (about 17 KB each) and nothing else unless a name needs more.
// - Every file the stylesheet points at (icons, images) is copied, and the build fails when one
//   is missing, so no page shows a checkbox without its tick.
// - The plan PDF's fonts (IBM Plex Sans regular and bold, TrueType) go to obj/pdf-fonts, from where
//   the build embeds them in the assembly: the PDF looks the same on any host, with no font installed.
// Files are written only when their bytes change, and files no longer produced are removed, so an
// unchanged build leaves the folder (and the compressed copies the .NET build makes) alone.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";

const project = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(project, "node_modules", "dkfds", "dist");
const target = join(project, "wwwroot", "lib", "dkfds");

// The scripts IBM splits Plex into, and the characters each file holds (from IBM's own stylesheets).
const subsets = {
  Latin1: "U+0000, U+000D, U+0020-007E, U+00A0-00FF, U+0131, U+0152-0153, U+02C6, U+02DA, U+02DC, U+2013-2014, U+2018-201A, U+201C-201E, U+2020-2022, U+2026, U+2030, U+2039-203A, U+2044, U+20AC, U+2122, U+2212, U+FB01-FB02",
  Latin2: "U+0100-0101, U+0104-0130, U+0132-0151, U+0154-017F, U+018F, U+0192, U+01A0-01A1, U+01AF-01B0, U+01FA-01FF, U+0218-021B, U+0237, U+0259, U+1E80-1E85, U+1E9E, U+20A1, U+20A4, U+20A6, U+20A8-20AA, U+20AD-20AE, U+20B1-20B2, U+20B4-20B5, U+20B8-20BA, U+20BD, U+20BF",
  Latin3: "U+0102-0103, U+01CD-01DC, U+1EA0-1EF9, U+20AB",
  Pi: "U+0E3F, U+2000-200D, U+2015, U+2028-2029, U+202F, U+2032-2033, U+2070, U+2074-2079, U+2080-2089, U+2113, U+2116, U+2126, U+212E, U+2150-2151, U+2153-215E, U+2190-2199, U+21A9-21AA, U+21B0-21B3, U+21B6-21B7, U+21BA-21BB, U+21C4, U+21C6, U+2202, U+2206, U+220F, U+2211, U+2215, U+221A, U+221E, U+222B, U+2248, U+2260, U+2264-2265, U+25CA, U+2713, U+274C, U+2B0E-2B11, U+FEFF, U+FFFD",
};

// The weights and styles dkfds itself declares.
const faces = [
  [400, "normal", "Regular"], [400, "italic", "Italic"],
  [500, "normal", "Medium"], [500, "italic", "MediumItalic"],
  [600, "normal", "SemiBold"], [600, "italic", "SemiBoldItalic"],
  [700, "normal", "Bold"], [700, "italic", "BoldItalic"],
];

const files = new Map(); // path under wwwroot/lib/dkfds → bytes

const plexFace = /@font-face\{[^}]*font-family:\s*["']?IBM Plex Sans["']?[^}]*\}/g;
const original = readFileSync(join(dist, "css", "dkfds.min.css"), "utf8");
const dropped = original.match(plexFace) ?? [];
if (dropped.length !== faces.length) {
  throw new Error(`Expected ${faces.length} IBM Plex Sans declarations in dkfds.min.css, found ${dropped.length}: the package changed, look again.`);
}

let fontFaces = "";
for (const [weight, style, name] of faces) {
  for (const [subset, range] of Object.entries(subsets)) {
    const file = `fonts/IBMPlexSans/split/woff2/IBMPlexSans-${name}-${subset}.woff2`;
    files.set(file, readFileSync(join(dist, file)));
    fontFaces += `@font-face{font-display:swap;font-family:"IBM Plex Sans";font-style:${style};font-weight:${weight};src:url(../${file}) format("woff2");unicode-range:${range}}\n`;
  }
}
files.set("fonts/IBMPlexSans/license.txt", readFileSync(join(dist, "fonts", "IBMPlexSans", "split", "woff2", "license.txt")));

const css = "/* Det Fælles Designsystem (dkfds, MIT), with IBM Plex Sans (SIL OFL 1.1) declared as woff2 subsets by MUS's build. */\n" +
  fontFaces + original.replace(plexFace, "");

// Every url() left in the stylesheet must be a file we serve.
for (const [, quoted] of css.matchAll(/url\(\s*([^)]+?)\s*\)/g)) {
  const reference = quoted.replace(/^["']|["']$/g, "").split(/[?#]/)[0];
  if (reference.startsWith("data:") || reference.length === 0) continue;
  const file = posix.normalize(posix.join("css", reference));
  if (files.has(file)) continue;
  const source = join(dist, file);
  if (!existsSync(source)) throw new Error(`dkfds.min.css refers to ${reference}, which the package does not have.`);
  files.set(file, readFileSync(source));
}
files.set("css/dkfds.min.css", Buffer.from(css, "utf8"));
files.set("LICENSE.md", readFileSync(join(dist, "LICENSE.md")));

const digest = (bytes) => createHash("sha256").update(bytes).digest("hex");
let written = 0;
const pdfFonts = join(project, "obj", "pdf-fonts");
const outputs = [...files].map(([file, bytes]) => [join(target, file), bytes]);
for (const style of ["Regular", "Bold"]) {
  const name = `IBMPlexSans-${style}.ttf`;
  outputs.push([join(pdfFonts, name), readFileSync(join(dist, "fonts", "IBMPlexSans", "complete", "ttf", name))]);
}
for (const [path, bytes] of outputs) {
  if (existsSync(path) && digest(readFileSync(path)) === digest(bytes)) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  written++;
}

let removed = 0;
const prune = (folder) => {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (!files.has(relative(target, path).split("\\").join("/"))) {
      rmSync(path);
      removed++;
    }
  }
};
prune(target);
console.log(`dkfds: ${files.size} files under wwwroot/lib/dkfds and 2 PDF fonts in obj/pdf-fonts (${written} written, ${removed} removed).`);
