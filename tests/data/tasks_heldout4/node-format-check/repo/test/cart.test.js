const test = require('node:test');
const assert = require('node:assert');
const { cartTotal } = require('../src/cart');

test('sums line totals', () => {
  assert.strictEqual(cartTotal([{ price: 2, qty: 3 }, { price: 1, qty: 1 }]), 7);
});
