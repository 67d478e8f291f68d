"""The plan segmenter's steps, one module each (extractors.segment.segment_document is the entry).

- markers: what a printed numbering marker at a line start is, and its number.
- lines: a plan's lines with their markers, in normalised offsets.
- outline: which style numbers the parts, what kind each part is, the skeleton's vocabulary.
- lists: numbered lists (an item must continue its list) and 一是…二是… chains.
- walker: reads a plan's lines part by part into sections, domains and provision blocks.
- build: turns the walker's blocks into the frozen records, grounded in the original text.
- completeness: says what a plan lacks.

The grammar, as the genre prints it (Word's automatic numbering arrives as printed text):

- Markers: 第一部分, 第一章, 第一节, 第一条, 一、, （一）/(一), 1./1．/1、/⒈, （1）/(1), 1）/1),
  ①/➀/⓵, ❶/➊/⓫, ⑴. Full- and half-width brackets are one style; so are 1. and 1、.
- Levels are not fixed by style. The parts are numbered in the style of the plan's first heading
  numbered 1 among 第一部分 / 第一章 / 第一节 / 一、 (so 第一节 may sit under 一、 or 一、 under 第一章). A
  part heading must read as a heading and continue the part numbering. The domains are numbered in
  the style of the first numbered heading of the domains part (（一）, 第一节, 一、, or 1. with a domain
  title); a part whose own title is a domain (第二章 儿童与健康) is a domain.
- A domain's lists open at a head: 主要目标 / 策略措施 (主要措施, 工作措施, 具体措施 …), bare, numbered
  (1.主要目标, （一）主要目标), bracketed (【主要目标】), or followed on its line by the list's first text
  (主要目标：…). The list's first item fixes its style; an item must continue the list's numbering
  (one skipped number is tolerated and reported), so "5.3岁以下…" is item 5 and a line numbered in
  another style continues the current item. When the same style numbers domains and items, the next
  domain is told from the next item by its title (儿童与安全, not 儿童与家长共同参与…).
- Unnumbered lists: one paragraph per item (a hard PDF break mid-sentence continues it; a line
  ending in ： before the first item introduces the list).
- 一是…二是…三是…: plans use the chain two ways. Opening a goal or measure list (主要目标：一是…，二是…,
  or a paragraph that starts with 一是 under the head) it IS the list: each clause becomes its own
  goal or measure, numbered 1, 2, 3 and grounded on the clause. After a lead (加强儿童保健。一是……；
  二是……, a numbered item, or a framing phrase such as 到2025年，一是…) it elaborates that one
  provision, and stays in it whole: its clauses share the lead, and splitting would cut them off
  from it. Either way no goal is lost.
"""
