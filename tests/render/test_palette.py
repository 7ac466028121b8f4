"""Event-type colours a colour-blind reader can tell apart, and never colour alone.

Each pair of the table's type colours is compared in CAM02-UCS (colorspacious) as seen with
full deuteranopia, protanopia and tritanopia (Machado et al. 2009) and with normal vision;
each type also has its own letter, drawn on its pins, in a text colour that keeps WCAG's
4.5:1 contrast on its background.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from geomap.event_types import event_type_names, style_of

VISION = [None, "deuteranomaly", "protanomaly", "tritanomaly"]
#: CAM02-UCS distance below which two small marks are easily confused.
MIN_DISTANCE = 12.0


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[k:k + 2], 16) for k in (1, 3, 5)]) / 255


def seen(color: str, vision: str | None) -> np.ndarray:
    if vision is None:
        return rgb(color)
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb(color), space, "sRGB1"), 0, 1)


def luminance(color: str) -> float:
    c = rgb(color)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("vision", VISION, ids=lambda v: v or "normal")
def test_every_pair_of_type_colours_stays_apart(vision):
    colors = {name: style_of(name).color for name in event_type_names()}
    for (a, ca), (b, cb) in combinations(colors.items(), 2):
        distance = deltaE(seen(ca, vision), seen(cb, vision), input_space="sRGB1")
        assert distance >= MIN_DISTANCE, (a, b, vision, round(float(distance), 1))


def test_the_old_palette_would_fail():
    old = ["#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#1f77b4"]
    worst = min(deltaE(seen(a, v), seen(b, v), input_space="sRGB1")
                for v in VISION for a, b in combinations(old, 2))
    assert worst < MIN_DISTANCE


def test_each_type_has_its_own_letter_so_colour_is_never_alone():
    letters = [style_of(name).symbol for name in event_type_names()]
    assert len(set(letters)) == len(letters)


def test_black_or_white_text_keeps_its_contrast_on_every_type_colour():
    for name in event_type_names():
        color = style_of(name).color
        assert max(contrast(color, "#000000"), contrast(color, "#ffffff")) >= 4.5, name
