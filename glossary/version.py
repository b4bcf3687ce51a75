"""The version this package is, written into exports (TMX creationtoolversion) and
shown by `glossary --version`; bumped with each CHANGELOG release."""

__version__ = "0.2.0"
