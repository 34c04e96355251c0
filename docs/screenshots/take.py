"""Takes the README's screenshots of a built site being served, with Debian's Chromium (Playwright).

    SITE_URL=http://127.0.0.1:8000/ make site && python3 -m http.server -d site 8000 &
    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000/

Each page at a desktop's width in light mode and a phone's in dark mode; pngquant, where installed,
keeps them small (256 colours).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
SHOTS = {  # name: (address, what to do before the picture, how tall a picture at 1440 and at 390 px)
    # The taxonomy: the figure on a desktop, the outline (one category opened) on a phone.
    "home": (
        "",
        "document.querySelector('.survey-taxonomy').scrollIntoView(); window.scrollBy(0, -70);"
        " const open = document.querySelector('.survey-taxonomy__outline details'); if (open) open.open = true;",
        (900, 1200),
    ),
    # The LoRA papers of 2024 with code, newest additions first: the export buttons name their count.
    "explorer": ("explore/?approach=lora&from=2024&to=2024&code=1&sort=-added&columns=method", None, (900, 1500)),
    "category-table": (
        "icl/icl-demonstrations/",
        "document.querySelector('#papers').scrollIntoView(); window.scrollBy(0, -70);"
        " const box = document.querySelector('article .md-typeset__scrollwrap');"
        " if (box) box.scrollLeft = 40;",  # the paper column stays while the others scroll under it
        (900, 844),
    ),
    "paper": ("papers/liu2023lost/", None, (1200, 1900)),  # the Cite block near the top
}
VIEWS = {"1440": (1440, 0, "light"), "390": (390, 1, "dark")}


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for suffix, (width, which, scheme) in VIEWS.items():
            context = browser.new_context(viewport={"width": width, "height": 844 if which else 900}, color_scheme=scheme)
            page = context.new_page()
            for name, (address, action, heights) in SHOTS.items():
                page.goto(base + address)
                page.wait_for_load_state("load")
                if action:
                    page.evaluate(action)
                page.wait_for_timeout(400)
                path = HERE / f"{name}-{suffix}.png"
                scroll = page.evaluate("window.scrollY")
                page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": scroll, "width": width, "height": heights[which]})
                if shutil.which("pngquant"):  # Debian's pngquant: a quarter of the size, no visible change
                    subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(path), "256", str(path)], check=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/")
