// House style check: no tab indentation, no trailing whitespace, files end with a newline.
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const fix = args[0] === '--fix';
const roots = fix ? args.slice(1) : args;
let problems = 0;

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (p.endsWith('.js')) check(p);
  }
}

function check(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (/^\t/.test(line)) report(file, i + 1, 'tab indentation');
    if (/[ \t]+$/.test(line)) report(file, i + 1, 'trailing whitespace');
  });
  if (text.length && !text.endsWith('\n')) report(file, lines.length, 'no newline at end of file');
  if (fix) fs.writeFileSync(file, lines.map((l) => l.replace(/[ \t]+$/, '').replace(/^\t+/, (t) => '  '.repeat(t.length))).join('\n').replace(/\n?$/, '\n'));
}

function report(file, line, what) {
  problems++;
  console.log(`${file}:${line}: ${what}`);
}

roots.forEach(walk);
if (problems) {
  console.log(`${problems} formatting problem(s)${fix ? ' fixed' : '; run npm run format:fix'}`);
  process.exit(fix ? 0 : 1);
}
console.log('format OK');
