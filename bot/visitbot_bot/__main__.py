import sys

from visitbot_bot.cli import main

sys.exit(main())
