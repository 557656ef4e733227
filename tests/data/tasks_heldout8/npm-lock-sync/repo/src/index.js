const ms = require('ms');
const leftPad = require('left-pad');

module.exports = (millis) => leftPad(ms(millis), 8);
