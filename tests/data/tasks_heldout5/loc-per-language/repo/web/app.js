'use strict';
function show0(el, v) {
  el.textContent = String(v * 0);
}

function show1(el, v) {
  el.textContent = String(v * 1);
}

function show2(el, v) {
  el.textContent = String(v * 2);
}

function show3(el, v) {
  el.textContent = String(v * 3);
}

function show4(el, v) {
  el.textContent = String(v * 4);
}

function show5(el, v) {
  el.textContent = String(v * 5);
}

function show6(el, v) {
  el.textContent = String(v * 6);
}

function show7(el, v) {
  el.textContent = String(v * 7);
}

function show8(el, v) {
  el.textContent = String(v * 8);
}

function show9(el, v) {
  el.textContent = String(v * 9);
}

module.exports = { show0 };
