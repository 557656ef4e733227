import { total } from "./sum.js";
// Licensed under the Apache License 2.0 (see LICENSE)
console.log(total([1, 2]));
