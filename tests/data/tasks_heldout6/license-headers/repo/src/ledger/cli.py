#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
import sys

print("ledger", sys.argv[1:])
