// Bundles src/messages/*.txt (one "key = template" per line) into dist/messages.json.
const fs = require('fs');
const path = require('path');

const srcDir = path.join(__dirname, '..', 'src', 'messages');
const outDir = path.join(__dirname, '..', 'dist');
const bundle = {};
for (const file of fs.readdirSync(srcDir).sort()) {
  const lang = path.basename(file, '.txt');
  bundle[lang] = {};
  for (const line of fs.readFileSync(path.join(srcDir, file), 'utf8').split('\n')) {
    const m = line.match(/^(\w+)\s*=\s*(.*)$/);
    if (m) bundle[lang][m[1]] = m[2];
  }
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'messages.json'), JSON.stringify(bundle, null, 2));
console.log(`built dist/messages.json: ${Object.keys(bundle).length} languages`);
