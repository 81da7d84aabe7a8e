"""Page response times on a store (Docs/performance.md, a row of Tools/bench.sh via Tools/web-bench.sh):
`carelog serve` with the web pages over STORE (a copy: page reads and the test grants are appended),
the test identity provider, and headless Chromium signed in through the real flow. For each page:

  server  the whole response on loopback (request sent to last byte read, urllib with the session
          cookie): the first request (cold: projections built) and the median of the next REPEAT;
  ttfb    Navigation Timing responseStart - requestStart in Chromium (median of REPEAT loads);
  paint   Paint Timing first-paint (else first-contentful-paint) after navigation start in Chromium
          (median of REPEAT loads; -1 when Chromium reported neither).

  CARELOG=.build/release/carelog python3 Tools/web-tests/page_times.py --store COPY [--repeat 3]

Prints one `RESULT_PAGE page=… cold_ms=… server_ms=… ttfb_ms=… paint_ms=… bytes=…` line per page.

First requests after a start (Docs/performance-log.md, "Web pages on the 1.07M-event demo"):
  --no-warm          serve with `--no-warm` (no report warmer: a first request folds what it must)
  --warm-date DATE   the warmer's configured reporting date (`warm.reportingDates`), e.g. the as-at date
  --wait-warm        wait until `/ready` says the reports are warm before the first request, and
                     print `RESULT_WARM seconds=…` (from the service answering to warm)
  --pages a,b        only these pages (names as printed)
  --restart          the store was prepared by an earlier run (grants and key in place): serve it as is
  --no-browser       the loopback figures only (ttfb and paint print -1)"""
import argparse
import statistics
import time
import urllib.request

import carelog_web as web


def pages(as_at: str, quarter: str, start: str) -> list:
    period = f"asAt={as_at}&from={start}&to={as_at}"
    return [
        ("staff/M001", "rag", f"/web/rag?asAt={as_at}&quarter={quarter}"),
        ("staff/M001", "reviews-due", f"/web/reviews-due?asAt={as_at}"),
        ("staff/M001", "reviews-due-person", f"/web/reviews-due/person?person=P00001&asAt={as_at}"),
        ("staff/M001", "compliance", f"/web/compliance?{period}"),
        ("staff/M001", "compliance-trend", f"/web/compliance-trend?{period}"),
        ("staff/M001", "visit-delivery", f"/web/visit-delivery?{period}&by=team"),
        ("staff/M001", "complaints", f"/web/complaints?{period}"),
        ("staff/A001", "timeline", "/web/timeline?person=P00001"),
        ("staff/A001", "difference", "/web/difference?from=1000000&to=head&person=P00001"),
        ("staff/A001", "access", f"/web/access?{period}&person=P00001"),
        ("staff/A001", "verify", "/web/verify"),
        ("staff/I001", "extracts", f"/web/extracts?{period}"),
    ]


def fetch_ms(url: str, cookie: str) -> tuple:
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=600) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store to serve (a copy: it is appended to)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-at", default="2020-12-31")
    parser.add_argument("--quarter", default="2020-Q4")
    parser.add_argument("--from", dest="start", default="2020-10-01")
    parser.add_argument("--no-warm", action="store_true")
    parser.add_argument("--warm-date", action="append", default=[])
    parser.add_argument("--wait-warm", action="store_true")
    parser.add_argument("--pages", default="")
    parser.add_argument("--restart", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    stack = web.Stack(store=args.store, as_at=args.as_at, serve_args=("--no-warm",) if args.no_warm else (),
                      warm={"reportingDates": args.warm_date} if args.warm_date else None,
                      prepare=not args.restart)
    print(f"RESULT_START seconds={time.perf_counter() - started:.2f}", flush=True)
    if args.wait_warm:
        answering = time.perf_counter()
        while stack.ready().get("reports") == "warming":
            time.sleep(0.1)
        print(f"RESULT_WARM seconds={time.perf_counter() - answering:.2f} reports={stack.ready().get('reports')}",
              flush=True)
    wanted = set(filter(None, args.pages.split(",")))
    driver = web.browser(1280, 900)
    driver.set_page_load_timeout(600)
    try:
        signed_in = None
        for subject, name, path in pages(args.as_at, args.quarter, args.start):
            if wanted and name not in wanted:
                continue
            if subject != signed_in:
                web.sign_in(driver, stack, subject)
                signed_in = subject
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
            cold, size = fetch_ms(stack.base + path, cookie)
            warm = [fetch_ms(stack.base + path, cookie)[0] for _ in range(args.repeat)]
            ttfb, paint = [-1], [-1]
            for _ in range(0 if args.no_browser else args.repeat):
                if ttfb == [-1]:
                    ttfb, paint = [], []
                driver.get(stack.base + path)
                timing = driver.execute_script(
                    "var n = performance.getEntriesByType('navigation')[0];"
                    "var p = performance.getEntriesByName('first-paint')[0]"
                    " || performance.getEntriesByName('first-contentful-paint')[0];"
                    "return [n.responseStart - n.requestStart, p ? p.startTime : -1];")
                ttfb.append(timing[0])
                paint.append(timing[1])
            print(f"RESULT_PAGE page={name} cold_ms={cold:.0f} server_ms={statistics.median(warm):.0f} "
                  f"ttfb_ms={statistics.median(ttfb):.0f} paint_ms={statistics.median(paint):.0f} bytes={size}",
                  flush=True)
    finally:
        driver.quit()
        stack.stop()


if __name__ == "__main__":
    main()
