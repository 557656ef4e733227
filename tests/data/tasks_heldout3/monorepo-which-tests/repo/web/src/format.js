function formatPrice(cents, currency = 'EUR') {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

function pluralize(n, word) {
  return n === 1 ? `${n} ${word}` : `${n} ${word}s`;
}

module.exports = { formatPrice, pluralize };
