const test = require('node:test');
const assert = require('node:assert');
const { formatPrice, pluralize } = require('../src/format');

test('formats cents as euros', () => {
  assert.strictEqual(formatPrice(1999), '19.99 EUR');
});

test('formats with a thousands separator', () => {
  assert.strictEqual(formatPrice(123456), '1,234.56 EUR');
});

test('pluralizes items', () => {
  assert.strictEqual(pluralize(2, 'item'), '2 items');
  assert.strictEqual(pluralize(1, 'item'), '1 item');
});
