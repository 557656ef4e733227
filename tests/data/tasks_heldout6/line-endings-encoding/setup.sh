#!/usr/bin/env bash
# Writes the task's CRLF and Latin-1 files in the copy of repo/ (the repository stores text as UTF-8 with LF).
set -euo pipefail
mkdir -p scripts data docs
printf '#!/bin/sh\r\necho installing greeter\r\npip install -e .\r\n' > scripts/install.sh
printf 'id,name,city\n1,M\xfcller,K\xf6ln\n2,Fran\xe7ois,Li\xe8ge\n3,Smith,Leeds\n' > data/customers.csv
printf 'Release notes\r\n- caf\xc3\xa9 names now greet correctly\r\n' > docs/notes.txt
printf 'name,greeting\nJos\xc3\xa9,Hola\n' > data/greetings.csv
