const test = require('node:test');
const assert = require('node:assert');
const bundle = require('../dist/messages.json');

function render(lang, key, vars) {
  return bundle[lang][key].replace(/\{(\w+)\}/g, (_, v) => vars[v] ?? `{${v}}`);
}

test('every language has the same keys as en', () => {
  for (const lang of Object.keys(bundle)) {
    assert.deepStrictEqual(Object.keys(bundle[lang]).sort(), Object.keys(bundle.en).sort());
  }
});

test('welcome renders in en', () => {
  assert.strictEqual(render('en', 'welcome', { name: 'Ada' }), 'Welcome, Ada!');
});

test('welcome renders in de', () => {
  assert.strictEqual(render('de', 'welcome', { name: 'Ada' }), 'Willkommen, Ada!');
});

test('bye renders in fr', () => {
  assert.strictEqual(render('fr', 'bye', { name: 'Ada' }), 'Au revoir, Ada.');
});
