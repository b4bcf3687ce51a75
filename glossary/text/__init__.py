"""Text rules every other part shares: normalisation into search keys (NFKC,
traditional to simplified, case and space folding, pinyin), BCP 47 language tags, and
mapping spans found in a key back to the text the user typed.

Public: `normalize.search_key`, `pinyin_keys`, `to_simplified`, `has_han`,
`is_chinese_tag` (the keys every search compares); `langtags.bcp47`;
`textmap.KeyedText` (spans in a key back to the original); `display.visible` (text made
safe to print on a terminal).
"""
