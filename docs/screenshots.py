"""Take the README's screenshots: `make screenshots` (needs Debian's chromium).

Serves the bundled PSF data from a throw-away data dir, signs in as a made-up board member and
photographs the directory, a group page, the staff dashboard and the group's history at a
desktop and a phone width, into docs/.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
GROUP = "/groups/packaging-work-group/"
SHOTS = {
    "directory": "/",
    "group": GROUP,
    "dashboard": "/edit/",
    "history": GROUP + "history/",
}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "WORKGROUPS_DATA_DIR": data, "HOME": data}
    env.pop("DATABASE_URL", None)
    env.pop("WORKGROUPS_CACHE_URL", None)
    workgroups = [sys.executable, "-m", "workgroups"]
    subprocess.run([*workgroups, "migrate", "-v0"], env=env, check=True)
    env.update(DJANGO_SUPERUSER_PASSWORD="screenshots", DJANGO_SUPERUSER_EMAIL="board@example.org")
    subprocess.run([*workgroups, "createsuperuser", "--noinput", "--username", "board"], env=env)
    proc = subprocess.Popen(
        [*workgroups, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("workgroups serve did not answer")


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = serve(data, port)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for width, (w, h) in WIDTHS.items():
                    page = browser.new_page(viewport={"width": w, "height": h})
                    page.goto(base + "/accounts/login/")
                    page.fill("input[name=username]", "board")
                    page.fill("input[name=password]", "screenshots")
                    page.locator("form button[type=submit], form input[type=submit]").last.click()
                    page.wait_for_load_state()
                    for name, path in SHOTS.items():
                        page.goto(base + path)
                        out = DOCS / f"{name}-{width}.png"
                        page.screenshot(path=str(out), full_page=False)
                        print(out.relative_to(DOCS.parent))
                    page.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
