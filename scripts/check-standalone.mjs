// The repository stands on its own: no tracked file may point a reader at a document that is
// not in it (private notes, issue numbers, a vendor article cited by name). Facts the code
// relies on are written into docs/ and pointed at there. Fails naming file:line for each.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// What counts as a pointer: a path into the notes folder beside the repository; a notes file
// by name (but not docs/wire.md, a path ending in it, or a longer name such as NOT-WIRE.md);
// an issue number; the vendor's help article cited as such. The pattern is assembled from
// parts so that this file does not match itself and is checked like every other.
const NOTES = ['WIRE', 'MISSION', 'BROWSER-TESTING', 'STYLE', 'API'];
const POINTER = new RegExp(
  [
    String.raw`\.\.\/` + 'shared',
    `(^|[^/A-Za-z_-])(${NOTES.join('|')})\\.md`,
    String.raw`\b[Ii]ssue` + String.raw` [0-9]+\b`,
    'the' + ' article',
  ].join('|'),
);

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

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
