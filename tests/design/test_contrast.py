"""WCAG 2.2 contrast maths, checked against pairs with published ratios."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.design.badge import contrast_ratio, parse_hex, relative_luminance
from credstack.design.badge.colour import readable_on
from credstack.problems import InvalidInput


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        # The WebAIM checker's well-known threshold greys: #767676 passes AA, #777777 fails.
        ("#767676", "#FFFFFF", 4.54),
        ("#777777", "#FFFFFF", 4.48),
        ("#FF0000", "#FFFFFF", 4.0),
        ("#0000FF", "#FFFFFF", 8.59),
        ("#808080", "#FFFFFF", 3.95),
    ],
)
def test_it_computes_known_wcag_contrast_ratios(fg, bg, expected):
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)


def test_it_gives_black_zero_and_white_one_relative_luminance():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_contrast_is_symmetric():
    assert contrast_ratio("#F2A900", "#1F4E79") == contrast_ratio("#1F4E79", "#F2A900")


@pytest.mark.parametrize(
    "bad", ["", "1F4E79", "#1F4E7", "#1F4E799", "#GGGGGG", "red", "#1f4e79 ", None, 123]
)
def test_it_rejects_colours_that_are_not_rrggbb(bad):
    with pytest.raises(InvalidInput) as error:
        parse_hex(bad)
    assert error.value.code == "BAD_COLOUR"


@settings(max_examples=50)
@given(st.integers(0, 0xFFFFFF))
def test_automatic_text_colour_always_reaches_aa_contrast(value):
    background = f"#{value:06X}"
    assert contrast_ratio(readable_on(background), background) >= 4.5
