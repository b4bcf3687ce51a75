"""The terminal UI of glossary, a Textual app over the glossary core library."""
