// Minify each CSS file named on the command line with Lightning CSS, a real CSS parser, and
// write them to stdout in that order, one per line (called by build.py). No browser targets:
// nothing is lowered or prefixed, so the browser gets what the Utrecht components ship.
// Invalid CSS stops the build with the file, line and column.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { transform } from "lightningcss";

const parts = [];
for (const path of process.argv.slice(2)) {
  const name = relative(process.cwd(), path);
  try {
    const { code, warnings } = transform({ filename: name, code: readFileSync(path), minify: true });
    for (const w of warnings) console.error(`${name}:${w.loc.line}:${w.loc.column}: ${w.message}`);
    parts.push(code.toString());
  } catch (error) {
    const where = error.loc ? `${error.loc.line}:${error.loc.column}` : "?";
    console.error(`${name}:${where}: ${error.message}`);
    process.exit(1);
  }
}
process.stdout.write(parts.join("\n"));
