"""Screenshots of Leernet's pages as a given demo user sees them, on desktop and on a phone.

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 \
        --user lotte.maes@leernet.demo --out docs/screens --name member-home /

Uses Debian's chromium through Playwright (nothing downloaded). The demo password is the one
seed_demo sets. Writes <out>/<name>-desktop.png and <out>/<name>-phone.png for each path.
"""

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="leernet-demo")
    parser.add_argument("--out", default="test-artifacts/screens")
    parser.add_argument("--name", required=True)
    parser.add_argument("--full", action="store_true", help="the whole page, not the first screen")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            if args.user:
                page.goto(args.base + "/accounts/login/")
                page.fill("input[name=login]", args.user)
                page.fill("input[name=password]", args.password)
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
            for index, path in enumerate(args.paths):
                page.goto(args.base + path)
                suffix = f"-{index}" if len(args.paths) > 1 else ""
                target = out / f"{args.name}{suffix}-{label}.png"
                page.screenshot(path=str(target), full_page=args.full)
                width = page.evaluate("document.documentElement.scrollWidth")
                print(f"{target}: scrollWidth {width}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
