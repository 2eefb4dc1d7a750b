"""The text layer: lines, paragraphs and phrase keys of a text, the one place every rule and
repair takes them from.

`textclean.text.lines` splits a text into lines with their offsets (`split_lines`) and says
what deleting one takes (`line_deletion`); `textclean.text.paragraphs` groups them into
paragraphs and tells which lines are pieces of a hard-wrapped sentence (rules and block finders
judge a line inside its paragraph through this view); `textclean.text.phrases` folds a line
into the key it is compared by (`normalise_phrase` for phrases, `fold_label` for navigation
labels); `textclean.text.crossing` hands a text to the compiled core (`on_text`).
"""
