"""Full-page screenshots of every storefront page type at phone and desktop width, into
test-results/screenshots/ (CI keeps the folder as an artifact), and the layout a shopper sees
on each: nothing scrolls sideways, nothing sticks out of the centred column unless its section
is marked full-bleed (`data-full-bleed`), every form control has a visible label, and on the
cart and each checkout step the primary button is the most prominent one."""

import shutil
from pathlib import Path

import pytest

from tests.browser.audit_pages import VIEWPORTS, build_audit_shop, open_audit_page, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results/screenshots"

# Boxes are compared with a pixel of slack (sub-pixel layout).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // checkVisibility: not in a closed <details> (content-visibility), display or visibility
    return r.width > 1 && r.height > 1 && el.checkVisibility({visibilityProperty: true})
      && style.clipPath !== 'inset(50%)' && !(style.clip && style.clip.startsWith('rect(0'));
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string'
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');

  const width = window.innerWidth;
  const scrollWidth = document.scrollingElement.scrollWidth;
  if (scrollWidth > width) problems.push(`scrolls sideways: ${scrollWidth} px in ${width} px`);

  // The column: the content box of <main>, which header and footer content line up with.
  const main = document.querySelector('main') || document.body;
  if (main === document.body) problems.push('no <main>');
  const mainStyle = getComputedStyle(main);
  const mainBox = main.getBoundingClientRect();
  const left = mainBox.left + parseFloat(mainStyle.paddingLeft) - 1;
  const right = mainBox.right - parseFloat(mainStyle.paddingRight) + 1;
  // What a shopper sees of an element: its box clipped by every scrolling or clipping parent.
  const shown = (el) => {
    let r = el.getBoundingClientRect();
    let [l, rt] = [r.left, r.right];
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        const pr = p.getBoundingClientRect();
        [l, rt] = [Math.max(l, pr.left), Math.min(rt, pr.right)];
      }
    }
    return rt - l > 1 ? [l, rt] : null;
  };
  const content = (el) => ['IMG', 'SVG', 'VIDEO', 'INPUT', 'SELECT', 'TEXTAREA', 'BUTTON']
    .includes(el.tagName.toUpperCase())
    || [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  for (const el of document.body.querySelectorAll('*')) {
    if (!content(el) || el.closest('[data-full-bleed]') || !visible(el)) continue;
    const box = shown(el);
    if (!box || box[1] <= 0 || box[0] >= width) continue;  // off screen: not shown at all
    if (box[0] < left || box[1] > right) {
      problems.push(`outside the column ${Math.round(left)}-${Math.round(right)} px: `
        + `${describe(el)} at ${Math.round(box[0])}-${Math.round(box[1])} px`);
    }
  }

  // Every control has a visible label; a button its text, or aria-label when it is an icon.
  // A search box may be named by its visible Search button instead.
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || !visible(el)) continue;
    if ([...el.labels].some(visible)) continue;
    const submit = el.form && [...el.form.querySelectorAll('button')].find(visible);
    if (el.type === 'search' && submit) continue;
    problems.push(`no visible label: ${describe(el)}[name=${el.name}]`);
  }
  for (const el of document.querySelectorAll('button, a.button')) {
    if (visible(el) && !el.innerText.trim() && !el.getAttribute('aria-label')) {
      problems.push(`button without a name: ${describe(el)}`);
    }
  }
  return problems;
}"""

# The buttons in <main>: text, classes, area and the contrast of their fill with the page.
BUTTONS = """() => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const fill = (el) => {
    const bg = getComputedStyle(el).backgroundColor;
    const alpha = bg.match(/[\\d.]+/g)[3];
    return alpha === '0' ? null : bg;
  };
  const painted = [document.body, document.documentElement].map(fill).find((bg) => bg);
  const page = luminance(painted || 'rgb(255, 255, 255)');
  return [...document.querySelectorAll('main button, main a.button, main input[type=submit]')]
    .map((el) => {
      const r = el.getBoundingClientRect();
      const bg = fill(el);
      const lum = bg ? luminance(bg) : page;
      const contrast = (Math.max(lum, page) + 0.05) / (Math.min(lum, page) + 0.05);
      return {text: el.innerText.trim(), classes: el.className, area: r.width * r.height,
              contrast: Math.round(contrast * 100) / 100};
    })
    .filter((button) => button.area > 4);
}"""


# A full-page screenshot shows what is below the fold, where lazy pictures have not loaded yet:
# load every picture first, so a blank box in a screenshot is a real one.
LOAD_PICTURES = """async () => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = 'eager'; });
  await Promise.all(images.filter((img) => !img.complete).map((img) => new Promise((done) => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  })));
}"""


def primary_button_problems(page, expected: str) -> list[str]:
    """The button whose text starts with `expected` has a primary class, the largest area,
    and the strongest fill, and no other button in <main> is marked primary."""
    buttons = page.evaluate(BUTTONS)
    chosen = [button for button in buttons if button["text"].startswith(expected)]
    if len(chosen) != 1:
        return [f"{len(chosen)} buttons '{expected}' among {[b['text'] for b in buttons]}"]
    [primary] = chosen
    others = [button for button in buttons if button is not primary]
    problems = []
    if "primary" not in primary["classes"]:
        problems.append(f"'{expected}' has no primary class ({primary['classes']!r})")
    problems += [f"'{o['text']}' is primary too" for o in others if "primary" in o["classes"]]
    for measure in ("area", "contrast"):
        bigger = [o["text"] for o in others if o[measure] >= primary[measure]]
        if bigger:
            problems.append(f"'{expected}' is not the largest in {measure}: {bigger}")
    return problems


def test_every_page_type_is_photographed_and_laid_out_in_one_column(
    live_server, browser, settings, tmp_path, home_page, root_collection
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shop = build_audit_shop()
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    problems = []
    for viewport in VIEWPORTS:
        page = open_audit_page(browser, live_server.url, viewport, settings.MEDIA_ROOT)
        for visit in walk(page, live_server.url, shop):
            page.evaluate(LOAD_PICTURES)
            page.screenshot(path=SCREENSHOTS / f"{viewport}-{visit.slug}.png", full_page=True)
            found = page.evaluate(LAYOUT_PROBLEMS)
            if visit.primary:
                found += primary_button_problems(page, visit.primary)
            problems += [f"{viewport} {visit.name}: {problem}" for problem in found]
        page.context.close()

    assert len(list(SCREENSHOTS.glob("*.png"))) >= 2 * 23
    assert not problems, "\n".join(problems)
