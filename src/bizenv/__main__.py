import sys

from bizenv.cli import main

sys.exit(main())
