"""Writes a PNG of each web page, as each role sees it, into Docs/screenshots/ (Tools/screenshots.sh)."""
import datetime
import pathlib
import sys

import carelog_web as web

TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
SHOTS = [
    ("staff/M001", "manager-rag", f"/web/rag?asAt={web.AS_AT}&quarter={web.QUARTER}"),
    ("staff/M001", "manager-reviews-due", f"/web/reviews-due?asAt={web.AS_AT}&status=dueSoon"),
    ("staff/M001", "manager-reviews-due-person", f"/web/reviews-due/person?person=P00001&asAt={web.AS_AT}"),
    ("staff/M001", "manager-compliance", f"/web/compliance?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"),
    ("staff/M001", "manager-compliance-trend",
     f"/web/compliance-trend?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"),
    ("staff/M001", "manager-visit-delivery",
     f"/web/visit-delivery?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}&by=team"),
    ("staff/M001", "manager-complaints", f"/web/complaints?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"),
    ("staff/M002", "coordinator-reviews-due", f"/web/reviews-due?asAt={web.AS_AT}"),
    ("staff/A001", "auditor-timeline", "/web/timeline?person=P00001"),
    ("staff/A001", "auditor-difference", "/web/difference?from=1000&to=head&person=P00001"),
    ("staff/A001", "auditor-verify", "/web/verify"),
    ("staff/I001", "inspector-extracts", f"/web/extracts?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"),
    ("staff/I001", "inspector-refused", f"/web/rag?asAt={web.AS_AT}"),
    ("staff/X001", "no-grant", "/web"),
    # Last, so it shows the reads and refusals above (recorded today).
    ("staff/A001", "auditor-access", f"/web/access?asAt={TODAY}&from={TODAY}&to={TODAY}&person=P00001"),
]


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else web.ROOT / "Docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    stack = web.Stack()
    driver = web.browser(1280, 900)
    try:
        signed_in = None
        for subject, name, path in SHOTS:
            if subject != signed_in:
                web.sign_in(driver, stack, subject)
                signed_in = subject
            driver.get(stack.base + path)
            height = driver.execute_script("return Math.min(document.body.scrollHeight, 2400)")
            driver.set_window_size(1280, max(600, height))
            driver.save_screenshot(str(out / f"{name}.png"))
            print(f"wrote {out / (name + '.png')}")
    finally:
        driver.quit()
        stack.stop()


if __name__ == "__main__":
    main()
