const http = require("http");
const { cartTotal } = require("./cart");

function handle(req, res) {
	const items = [];
  res.end(JSON.stringify({ total: cartTotal(items) }));
}

module.exports = { handle };
