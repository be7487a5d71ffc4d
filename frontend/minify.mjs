// Minify the CSS bundle on stdin with Lightning CSS and write it to stdout (called by build.py).
// No browser targets: the CSS is passed through as written, only minified, so what the
// Utrecht components ship is what the browser gets.
import { transform } from "lightningcss";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { code, warnings } = transform({
  filename: "digiketen.css",
  code: Buffer.concat(chunks),
  minify: true,
});
for (const warning of warnings) console.error(`${warning.type}: ${warning.message}`);
process.stdout.write(code);
