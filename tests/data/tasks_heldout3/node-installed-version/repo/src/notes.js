const { parse } = require('tiny-semver');
module.exports = (v) => `v${parse(v).join('.')}`;
