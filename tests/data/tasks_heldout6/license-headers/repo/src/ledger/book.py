# SPDX-License-Identifier: Apache-2.0

def post(entries, entry):
    entries.append(entry)
