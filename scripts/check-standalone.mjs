// The repository stands on its own: no tracked file may point a reader at a document that is
// not in it (private notes, issue numbers, a vendor article cited by name). Facts the code
// relies on are written into docs/ and pointed at there. Fails naming file:line for each.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// A path into a folder beside the repository; a notes file by name (but not docs/wire.md, a
// path ending in it, or a longer name such as NOT-WIRE.md); "issue 12"; "the article".
const POINTER =
  /\.\.\/shared|(^|[^/A-Za-z_-])(WIRE|MISSION|BROWSER-TESTING|STYLE|API)\.md|\b[Ii]ssue [0-9]+\b|the article/;

// This file names the patterns it looks for, so it is the one file left out.
const SELF = 'scripts/check-standalone.mjs';

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && f != SELF);

const found = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed but absent from the work tree (deleted, not yet committed)
  }
  if (text.includes('\0')) continue; // binary
  text.split('\n').forEach((line, n) => {
    if (POINTER.test(line)) found.push(`${file}:${n + 1}: ${line.trim()}`);
  });
}

if (found.length) {
  console.error(
    `${found.length} pointer(s) to documents outside the repository; point at docs/ instead:\n` +
      found.join('\n'),
  );
  process.exit(1);
}
console.log(`standalone check passed: ${files.length} tracked files point at nothing outside the repository`);
