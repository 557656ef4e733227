export function money(v) {
  return v.toFixed(2);
}

export function pct(v) {
  return (v * 100).toFixed(1) + '%';
}
