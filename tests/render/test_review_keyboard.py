"""Every incident by keyboard alone: Tab reaches the list, then every pin (each named), and
Enter or Space opens a pin's popup."""

from __future__ import annotations

import pytest

from tests.render.pages import ARTIFACTS, open_map, outbound
from tests.render.reviewdata import ROWS, review_map

pytestmark = pytest.mark.browser
FOCUSED = """() => { const e = document.activeElement;
  return {cls: String(e.className && e.className.baseVal !== undefined ? e.className.baseVal
                                                                         : e.className),
          label: e.getAttribute('aria-label'), role: e.getAttribute('role'),
          text: e.textContent.slice(0, 60)}; }"""


def _tab_through(page, presses: int = 150) -> list[dict]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    return seen


def test_tab_reaches_the_list_then_every_pin_by_name(page, tmp_path):
    open_map(page, review_map(tmp_path))
    seen = _tab_through(page)
    kinds = ["item" if "geomap-item" in s["cls"] else "pin" if "geomap-pin" in s["cls"] else ""
             for s in seen]
    assert "item" in kinds
    assert "pin" in kinds
    assert kinds.index("item") < kinds.index("pin")  # the controls come before the pins
    pins = {s["label"] for s in seen if "geomap-pin" in s["cls"]}
    assert len(pins) == len(ROWS)  # every incident
    assert all(s["role"] == "button" for s in seen if "geomap-pin" in s["cls"])
    assert "Air/drone strike (Explosions/Remote violence) in Idlib, 2024-01-09" in pins
    assert any("placed at an area, not a site" in label for label in pins)
    assert page.console_errors == []


def _focus_pin(page, place: str) -> None:
    for _ in range(150):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
        if f" in {place}," in label:
            return
    raise AssertionError(f"no pin of {place} reached by Tab")


@pytest.mark.parametrize("key", ["Enter", " "], ids=["Enter", "Space"])
def test_enter_or_space_on_a_focused_pin_opens_its_popup(page, tmp_path, key):
    open_map(page, review_map(tmp_path))
    _focus_pin(page, "Basra")
    page.keyboard.press(key)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "Hundreds marched peacefully in Basra" in popup.inner_text()
    assert page.locator(".geomap-item[aria-current=true]").inner_text().startswith("2024-01-20")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-map-pin-keyboard.png"))
    assert page.evaluate("() => !!document.activeElement.closest('.leaflet-popup')")
    page.keyboard.press("Escape")
    popup.wait_for(state="detached", timeout=2000)  # it fades out
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert " in Basra," in label  # focus is back on the pin
    assert page.console_errors == []
    assert outbound(page) == []


def test_pin_letters_keep_their_contrast(page, tmp_path):
    open_map(page, review_map(tmp_path))
    ratios = page.evaluate("""() => [...document.querySelectorAll('.geomap-pin div')].map(e => {
        const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const s = getComputedStyle(e), a = lum(s.color), b = lum(s.backgroundColor);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); })""")
    assert len(ratios) == len(ROWS)
    assert min(ratios) >= 4.5
