#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository).
# Fixed names and dates: the same history, and the same commit ids, on every run.
set -euo pipefail
export GIT_AUTHOR_NAME="Ana Ruiz" GIT_AUTHOR_EMAIL="ana@example.com" GIT_COMMITTER_NAME="Ana Ruiz" \
       GIT_COMMITTER_EMAIL="ana@example.com" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
at() { export GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000"; }
git init -q -b main .

cat > invoice.py <<'PY'
def line_total(qty, unit_price):
    return qty * unit_price


def invoice_total(lines, tax_rate=0.2):
    net = sum(line_total(q, p) for q, p in lines)
    return round(net * (1 + tax_rate), 2)
PY
cat > test_invoice.py <<'PY'
import unittest

from invoice import invoice_total, line_total


class InvoiceTest(unittest.TestCase):
    def test_line_total(self):
        self.assertEqual(line_total(3, 2.5), 7.5)

    def test_invoice_total(self):
        self.assertEqual(invoice_total([(3, 2.5), (1, 0.25)]), 9.3)


if __name__ == "__main__":
    unittest.main()
PY
printf '# invoice\n\nRun the tests: python3 -m unittest -v\n' > README.md
at "2024-02-01T09:00:00"; git add -A; git commit -q -m "Invoice totals with tax"
printf '\n\ndef format_total(value):\n    return f"{value:.2f} EUR"\n' >> invoice.py
at "2024-02-05T09:00:00"; git commit -q -am "Add format_total"
printf '\nLicense: MIT\n' >> README.md
at "2024-02-09T09:00:00"; git commit -q -am "Mention the licence in the README"
sed -i 's/    net = sum(line_total(q, p) for q, p in lines)/    net = round(sum(line_total(q, p) for q, p in lines))/' invoice.py
at "2024-02-14T09:00:00"; git commit -q -am "Round the net amount to whole euros"
printf '\n\ndef currency():\n    return "EUR"\n' >> invoice.py
at "2024-02-20T09:00:00"; git commit -q -am "Add currency()"
printf '\nChangelog: see CHANGES.\n' >> README.md
at "2024-02-27T09:00:00"; git commit -q -am "Point to the changelog"
