"""Normalization, caption masking and sentence segmentation."""

from __future__ import annotations

from streams.core.text import content_paragraphs, is_caption, segment, shadow_text


def _sentences(body: str) -> list[str]:
    shadow = shadow_text(body)
    return [body[s.start : s.end] for s in segment(shadow)]


def test_shadow_keeps_length_and_folds_typography() -> None:
    body = "\u201cWe agree,\u201d he said \u2014 Seoul\u2019s \uff04 \uffe5211\u00a0billion."
    shadow = shadow_text(body)
    assert len(shadow) == len(body)
    assert shadow == '"We agree," he said - Seoul\'s $ ¥211 billion.'


def test_shadow_leaves_multi_character_expansions_alone() -> None:
    # NFKC would turn the ligature into two letters; offsets must not move.
    body = "The \ufb01nal deal."
    assert len(shadow_text(body)) == len(body)


def test_repeated_paragraph_and_caption_are_masked() -> None:
    body = (
        "This photo shows Foreign Minister Kim at a briefing in Seoul on Monday. (EPA-Yonhap)\n"
        "This photo shows Foreign Minister Kim at a briefing in Seoul on Monday. (EPA-Yonhap)\n\n"
        "Foreign Minister Kim said the talks went well.\n"
        "Foreign Minister Kim said the talks went well.\n"
    )
    kept = content_paragraphs(shadow_text(body))
    assert [body[s.start : s.end] for s in kept] == [
        "Foreign Minister Kim said the talks went well."
    ]


def test_caption_detection() -> None:
    assert is_caption("In this file photo, troops march in Seoul. (Yonhap)")
    assert is_caption("Soldiers train at a range in Paju on June 3. (U.S. Army photo by Sgt. Lee)")
    assert is_caption("Image: Reuters")
    assert not is_caption("The ministry said talks would resume next week. (Yonhap)")


def test_abbreviations_do_not_end_sentences() -> None:
    body = (
        "U.S. Gen. Paul Harmon met No. 2 officials on Jan. 5 in Washington. "
        "Secretary Antony J. Blinken said so. The talks ended."
    )
    assert _sentences(body) == [
        "U.S. Gen. Paul Harmon met No. 2 officials on Jan. 5 in Washington.",
        "Secretary Antony J. Blinken said so.",
        "The talks ended.",
    ]


def test_quotations_stay_whole() -> None:
    body = 'The spokesperson said: "We spoke today. We agreed on next steps." Talks will continue.'
    assert _sentences(body) == [
        'The spokesperson said: "We spoke today. We agreed on next steps."',
        "Talks will continue.",
    ]


def test_missing_space_after_period_still_splits() -> None:
    body = "The ministers spoke on Tuesday.According to the ministry, they agreed."
    assert _sentences(body) == [
        "The ministers spoke on Tuesday.",
        "According to the ministry, they agreed.",
    ]


def test_sentence_broken_by_layout_is_rejoined() -> None:
    body = "Allies agreed a budget of 10 million euros and a second budget\n\nof 20 million euros."
    assert _sentences(body) == [body]
