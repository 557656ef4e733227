'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const src = path.join(root, 'src');
const outDir = path.join(root, 'public');

function loadLocales() {
  const dir = path.join(src, 'locales');
  const locales = {};
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    locales[path.basename(file, '.json')] = JSON.parse(text);
    console.log(`  locale ${file}: ${Object.keys(locales[path.basename(file, '.json')]).length} strings`);
  }
  return locales;
}

function render(template, strings) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in strings)) throw new Error(`missing string "${key}"`);
    return strings[key];
  });
}

function main() {
  console.log('building pages...');
  const locales = loadLocales();
  fs.mkdirSync(outDir, { recursive: true });
  for (const page of fs.readdirSync(path.join(src, 'pages'))) {
    const template = fs.readFileSync(path.join(src, 'pages', page), 'utf8');
    for (const [lang, strings] of Object.entries(locales)) {
      const target = path.join(outDir, lang, page);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, render(template, strings));
    }
  }
  console.log(`done: ${Object.keys(locales).length} locales`);
}

main();
