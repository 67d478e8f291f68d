"""Colloquial register folding (extractors/register.py) and how the lay lexicon reads through it."""
import pytest
from hypothesis import given, strategies as st

from extractors import search_text as S
from extractors.register import fold, fold_text


def test_dialect_pronouns_children_parents_and_spouses_fold_to_one_register():
    assert fold_text("俺男人打俺") == "我男人打我"
    assert fold_text("没爹妈的娃") == "没爸妈的孩子"
    assert fold_text("小孩子没有人管") == "孩子没人管"       # longest first: 小孩子, not 小孩 + 子
    assert fold_text("女娃读书咋整") == "女孩读书怎么办"
    assert fold_text("娃他爸不管") == "丈夫不管"             # 娃他爸 before 娃
    assert fold_text("啷个办，屋头崽冇人管") == "怎么办，屋头孩子没人管"   # south-western, Cantonese
    assert fold_text("囡囡么子时候上学") == "女儿什么时候上学"            # Wu, Hunan
    # left alone on purpose: 娘 (姑娘), 男人 (men in general), 宝宝
    assert fold_text("姑娘的男人抱宝宝") == "姑娘的男人抱宝宝"


def test_cantonese_pronouns_negations_and_family_words_fold_too():
    """Hong Kong and Taiwanese speech: 佢/我哋 (he, we), 唔 (not), 边度 (where), 老细 (the boss), 细佬
    (younger brother), 阿嬷 (grandmother); 成日 (all day) is an adverb left out inside a phrase."""
    assert fold_text("我哋老细唔俾假") == "我们老板不俾假"
    assert fold_text("佢细佬边度读书") == "他弟弟哪里读书"
    assert fold_text("阿嬷带孙仔") == "奶奶带孙子"
    # left alone on purpose: 睇 (看小孩 is also seeing a doctor for a child), 咗, 揾 (找钱 is change)
    assert fold_text("睇咗医生揾钱") == "睇咗医生揾钱"
    readings = {r.said: r.searched for r in S.parse_query("老細成日摸手摸腳").readings}
    assert "性骚扰" in readings["摸手摸脚"] and "利用职权" in readings["摸手摸脚"]
    # body and family words: 耳仔 (ear), 个仔 (my son), 出世 (be born), BB (a baby)
    assert fold_text("个仔啱出世耳仔") == "儿子啱出生耳朵" and fold_text("bb") == "宝宝"
    assert fold_text("一个女孩") == "一个女孩"  # 个女 (my daughter) is left alone: 一个女孩 would change
    # two homophones a phone keyboard offers for the word meant: 没反映 (没反应), 没人代 (没人带)
    assert fold_text("叫他没反映上班没人代") == "叫他没反应上班没人带"


def test_a_phrase_found_in_one_register_is_reported_as_the_words_said():
    f = fold("俺男人打俺")
    at = f.text.index("打我")
    assert f.source_span(at, at + 2) == (3, 5)            # 打俺
    f = fold("没爹妈的娃")
    assert f.source_span(0, 3) == (0, 3)                  # 没爸妈 ← 没爹妈
    assert f.source_span(4, 6) == (4, 5)                  # 孩子 ← 娃


_FOLDABLE = st.text(alphabet="俺咱娃崽爹妈闺女老公婆没有小孩子的了啥咋整一二儿童", max_size=30)


@given(_FOLDABLE)
def test_every_folded_character_maps_into_the_source_in_order(text):
    f = fold(text)
    assert len(f.spans) == len(f.text)
    assert all(0 <= s < e <= len(text) for s, e in f.spans)
    assert [s for s, _ in f.spans] == sorted(s for s, _ in f.spans)
    # each source span is exactly a fold's variant or one unchanged character
    for (s, e), ch in zip(f.spans, f.text):
        assert e - s > 1 or text[s] == ch or fold_text(text[s]) != text[s]


@given(st.text(alphabet="儿童规划健康教育目标达到以上", max_size=30))
def test_text_without_colloquial_words_is_unchanged(text):
    f = fold(text)
    assert f.text == text and f.spans == tuple((i, i + 1) for i in range(len(text)))


def test_the_lexicon_reads_its_phrases_in_any_register():
    # rules/lay_lexicon.json lists 打我 (with 男人) and 没爹没妈/没有爹妈, not 打俺 or 没爹妈
    readings = {r.said: r.searched for r in S.parse_query("俺男人打俺").readings}
    assert "家庭暴力" in readings["打俺"]
    readings = {r.said: r.searched for r in S.parse_query("没爹妈的娃").readings}
    assert "孤儿" in readings["没爹妈"]
    # a phrase of two characters in one register must still be a word there: 妈的 is no 妈 + 的 phrase
    assert S.parse_query("娃他妈的工作").readings == S.parse_query("孩子他妈的工作").readings


def test_words_said_only_inside_a_read_phrase_weigh_less():
    q = S.parse_query("村里管孩子的人")    # 村里管孩子 and 管孩子的人 (with 村里): 儿童主任
    child = next(g for g in q.groups if "儿童" in g)
    village = next(g for g in q.groups if "农村" in g)
    director = next(g for g in q.groups if "儿童主任" in g)
    assert child in q.explained and village in q.explained and director not in q.explained
    terms, groups, weights, _ = q.as_rows()
    weight = {t: w for t, w in zip(terms, weights)}
    # (孩子, said, weighs the group's weight; 儿童 and 农村, not said, SAID_OVER_OTHERS x that; the children
    # are the people named beside a reading: PEOPLE_FACTOR x)
    assert weight["孩子"] == pytest.approx(S.GROUP_WEIGHT * S.EXPLAINED_FACTOR * S.PEOPLE_FACTOR)
    assert weight["农村"] == pytest.approx(S.GROUP_WEIGHT * S.EXPLAINED_FACTOR * S.SAID_OVER_OTHERS)
    assert weight["儿童"] == pytest.approx(weight["农村"] * S.PEOPLE_FACTOR)
    assert weight["儿童主任"] == S.GROUP_WEIGHT
    # said outside the phrase too, the word keeps its weight
    q = S.parse_query("孩子上学，村里管孩子的人")
    assert not any("儿童" in g for g in q.explained) and any("农村" in g for g in q.explained)


def test_a_lay_phrase_in_another_register_is_read_in_a_query_the_fold_leaves_alone():
    """生孩子报销 holds no word the fold changes, but the lexicon's 生娃报销 folds to it: read (生育津贴
    is that entry's plan word alone). A word of up to three characters (生娃) is not: its plain form is
    read by entries of its own."""
    from extractors.search_text import parse_query
    searched = {w for r in parse_query("生孩子报销").readings for w in r.searched}
    assert "生育津贴" in searched
    assert all(r.said != "生孩子" or "分娩" not in r.searched for r in parse_query("生孩子报销").readings)


def test_words_inserted_inside_a_phrase_are_left_out_each_character_kept_at_its_source():
    from extractors.register import without_inserted
    bare = without_inserted(fold("心里总是很烦"), ["心里", "总是", "很", "烦"])
    assert bare.text == "心里烦"
    assert [bare.source_span(i, i + 1) for i in range(3)] == [(0, 1), (1, 2), (5, 6)]
    assert bare.source_span(0, 3) == (0, 6)                        # reported as 心里总是很烦
    bare = without_inserted(fold("书包太重"), ["书包", "太重"])       # jieba keeps 太重 whole
    assert bare.text == "书包重" and bare.source_span(2, 3) == (3, 4)
    assert without_inserted(fold("老师上门"), ["老师", "上门"]) is None   # 老 of 老师 is no adverb
    with pytest.raises(ValueError):
        without_inserted(fold("心里烦"), ["心里"])


_WORDS = ["心里", "烦", "作业", "多", "孩子", "老师", "很", "总是", "还", "了", "很烦", "太累", "挺好", "上学"]


@given(st.lists(st.sampled_from(_WORDS), max_size=12))
def test_leaving_out_inserted_words_keeps_the_others_in_order_at_their_source(words):
    from extractors.register import without_inserted
    text = "".join(words)
    bare = without_inserted(fold(text), words)
    if bare is None:
        return
    assert len(bare.spans) == len(bare.text) < len(text)
    assert all(text[s:e] == ch for (s, e), ch in zip(bare.spans, bare.text))
    assert [s for s, _ in bare.spans] == sorted(s for s, _ in bare.spans)


def test_a_measure_word_between_a_verb_and_its_object_is_left_out_inside_a_phrase():
    from extractors.register import without_inserted
    bare = without_inserted(fold("摸到个硬块"), ["摸到", "个", "硬块"])
    assert bare.text == "摸到硬块" and bare.spans == ((0, 1), (1, 2), (3, 4), (4, 5))
    assert without_inserted(fold("养一个儿子"), ["养", "一个", "儿子"]) is None  # one child counted: 一个 stays
    # a pronoun said between a verb's parts (把她地收了 says 把地收了)
    assert without_inserted(fold("把她地收了"), ["把", "她", "地", "收", "了"]).text == "把地收"


def test_the_lexicon_reads_a_phrase_said_with_adverbs_and_particles_inside():
    # the lexicon lists 心里烦 and 作业多, not 心里总是很烦 or 作业还多
    readings = {r.said: r.searched for r in S.parse_query("我十五岁，心里总是很烦又不敢跟爸妈说").readings}
    assert "心理健康" in readings["心里总是很烦"]
    readings = {r.said: r.searched for r in S.parse_query("双减以后作业还多").readings}
    assert "作业负担" in readings["作业还多"]
    # a phrase said as the lexicon writes it is read as before
    assert "心理健康" in {r.said: r.searched for r in S.parse_query("心里烦").readings}["心里烦"]
