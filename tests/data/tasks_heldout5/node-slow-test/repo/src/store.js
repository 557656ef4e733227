'use strict';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Store {
  constructor() { this.docs = new Map(); }
  put(id, doc) { this.docs.set(id, doc); return id; }
  get(id) { return this.docs.get(id); }
  remove(id) { return this.docs.delete(id); }
  async reindex() {
    await sleep(800); // stands in for rebuilding every secondary index
    return this.docs.size;
  }
  async snapshot() {
    await sleep(150);
    return JSON.stringify([...this.docs]);
  }
}
module.exports = { Store };
