"""Text rules every other part shares: normalisation into search keys (NFKC,
traditional to simplified, case and space folding, pinyin), BCP 47 language tags, and
mapping spans found in a key back to the text the user typed."""
