import sys

from bookmarks.cli import main

sys.exit(main())
