"""The plan segmenter's steps, one module each (extractors.segment.segment_document is the entry).

- markers: what a printed numbering marker at a line start is (一、 （一） 1. ① 第一章 …) and its number.
- lines: a plan's lines with their markers and heads, in normalised offsets.
- outline: which marker style numbers the parts, what kind each part is, what a domain title looks like.
- lists: numbered lists (an item must continue its list) and 一是…二是… chains.
- walker: reads a plan's lines part by part into sections, domains and provision blocks.
- build: turns the walker's blocks into the frozen records, grounded in the original text.
- completeness: says what a plan lacks (no goals, a numbering gap, too few domains, a cut-off end).
"""
