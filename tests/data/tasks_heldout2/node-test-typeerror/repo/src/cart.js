'use strict';

function subtotal(cart) {
  return cart.items.map((i) => i.price * i.qty).reduce((a, b) => a + b, 0);
}

function applyCoupon(total, coupon) {
  if (!coupon) return total;
  if (coupon.kind === 'percent') return Math.round(total * (100 - coupon.value)) / 100;
  if (coupon.kind === 'fixed') return Math.max(0, total - coupon.value);
  throw new Error(`unknown coupon kind: ${coupon.kind}`);
}

function checkout(cart, coupon) {
  return applyCoupon(subtotal(cart), coupon);
}

module.exports = { subtotal, applyCoupon, checkout };
