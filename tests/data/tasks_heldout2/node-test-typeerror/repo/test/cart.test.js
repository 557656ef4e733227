'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { subtotal, applyCoupon, checkout } = require('../src/cart');

test('subtotal adds price times quantity', () => {
  assert.strictEqual(subtotal({ items: [{ price: 2, qty: 3 }, { price: 5, qty: 1 }] }), 11);
});

test('percent coupon', () => {
  assert.strictEqual(applyCoupon(200, { kind: 'percent', value: 10 }), 180);
});

test('fixed coupon never goes negative', () => {
  assert.strictEqual(applyCoupon(5, { kind: 'fixed', value: 8 }), 0);
});

test('empty cart checks out to zero', () => {
  assert.strictEqual(checkout({}, null), 0);
});

test('unknown coupon kind throws', () => {
  assert.throws(() => applyCoupon(10, { kind: 'bogo' }), /unknown coupon kind/);
});
