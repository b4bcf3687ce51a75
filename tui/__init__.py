"""The terminal UI of glossary, a Textual app over the glossary core library."""

import os

# Textual paints at most TEXTUAL_FPS frames a second (60 by default), so results that
# arrive just after a frame wait up to 17 ms to be seen. Search-as-you-type paints
# once or twice a keystroke, so a higher cap costs nothing while the screen is still
# and shows each keystroke's results sooner. Read when Textual is first imported.
os.environ.setdefault("TEXTUAL_FPS", "240")
