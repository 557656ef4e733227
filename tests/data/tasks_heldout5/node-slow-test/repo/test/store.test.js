'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { Store } = require('../src/store');

test('puts and gets a document', () => {
  const s = new Store();
  s.put('a', { n: 1 });
  assert.deepStrictEqual(s.get('a'), { n: 1 });
});

test('removes a document', () => {
  const s = new Store();
  s.put('a', {});
  assert.strictEqual(s.remove('a'), true);
});

test('reindexes all documents', async () => {
  const s = new Store();
  s.put('a', {}); s.put('b', {});
  assert.strictEqual(await s.reindex(), 2);
});

test('takes a snapshot', async () => {
  const s = new Store();
  s.put('a', 1);
  assert.match(await s.snapshot(), /"a"/);
});

test('missing id is undefined', () => {
  assert.strictEqual(new Store().get('zz'), undefined);
});
