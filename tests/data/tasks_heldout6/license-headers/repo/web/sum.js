// SPDX-License-Identifier: Apache-2.0
export const total = (xs) => xs.reduce((a, b) => a + b, 0);
