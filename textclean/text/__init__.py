"""The text layer: lines and paragraphs of a text, worked out once per text.

`textclean.text.lines` splits a text into lines with their offsets; `textclean.text.paragraphs`
groups them into paragraphs and tells which lines are pieces of a hard-wrapped sentence. Rules
and block finders judge a line inside its paragraph through this view.
"""
