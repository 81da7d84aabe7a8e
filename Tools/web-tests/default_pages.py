"""First request of each dashboard with no parameters (as at today, the quarter to date: what a
manager's first click opens), after `carelog serve` starts over STORE (a copy: grants are appended)
and, unless the service runs with `--no-warm`, once `/ready` says the reports are warm
(Docs/performance-log.md, "First requests after a start").

  CARELOG=.build/release/carelog python3 Tools/web-tests/default_pages.py COPY [--no-warm]

Prints `RESULT_WARM seconds=…` and one `RESULT_DEFAULT page=… first_ms=… bytes=…` line per page."""
import sys
import time

import carelog_web as web
import page_times

PAGES = ["/web/rag", "/web/compliance", "/web/compliance-trend", "/web/visit-delivery", "/web/complaints"]


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    stack = web.Stack(store=sys.argv[1], as_at="2020-12-31", serve_args=tuple(sys.argv[2:]))
    try:
        answering = time.perf_counter()
        while stack.ready().get("reports") == "warming":
            time.sleep(0.1)
        print(f"RESULT_WARM seconds={time.perf_counter() - answering:.1f} reports={stack.ready()['reports']}",
              flush=True)
        driver = web.browser(1280, 900)
        try:
            web.sign_in(driver, stack, "staff/M001")
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        finally:
            driver.quit()
        for path in PAGES:
            ms, size = page_times.fetch_ms(stack.base + path, cookie)
            print(f"RESULT_DEFAULT page={path} first_ms={ms:.0f} bytes={size}", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
