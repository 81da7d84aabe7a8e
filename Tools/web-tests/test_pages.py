"""Browser tests of Carelog's web pages (Docs/web.md): headless Chromium driven by Selenium against
`carelog serve` on a small demo store and the test identity provider.

  python3 -m unittest discover -s Tools/web-tests -v        # CARELOG=path/to/carelog to choose the binary

Skipped when selenium, chromium or chromedriver is missing (Tools/setup.sh installs them)."""
import pathlib
import shutil
import subprocess
import tempfile
import unittest
import urllib.request

import carelog_web as web

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.print_page_options import PrintOptions
    from selenium.webdriver.support.ui import Select
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

def axe_script():
    """axe-core as bundled by axe-playwright-python (PyPI; installed without its Playwright
    dependency: only its axe.min.js is used, injected through Selenium), or None."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        return None
    path = pathlib.Path(spec.origin).parent / "axe.min.js"
    return path.read_text() if path.exists() else None


AXE = axe_script()
HAVE_AXE = AXE is not None
# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core tags; wcag22a has no rules of its own yet).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

READY = HAVE_SELENIUM and shutil.which("chromedriver") and shutil.which("chromium")

PAGES = {
    "manager": [f"/web/rag?asAt={web.AS_AT}&quarter={web.QUARTER}", f"/web/reviews-due?asAt={web.AS_AT}",
                f"/web/compliance?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}",
                f"/web/compliance-trend?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}",
                f"/web/visit-delivery?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}&by=carer",
                f"/web/complaints?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"],
    "auditor": ["/web/timeline?person=P00001", "/web/difference?from=100&to=head&person=P00001", "/web/verify",
                f"/web/access?person=P00001&from=2020-01-01&to={web.AS_AT}"],
    "inspector": [f"/web/extracts?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"],
}


@unittest.skipUnless(READY, "needs selenium, chromium and chromedriver (Tools/setup.sh)")
class WebPagesInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = web.Stack()
        cls.driver = web.browser()
        cls.driver.set_script_timeout(20)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.stack.stop()

    def open(self, path):
        self.driver.get(self.stack.base + path)
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def wait_for(self, condition, message):
        """Waits until `condition` holds, reading a page that may be replaced while it is read.

        While the browser swaps one document for the next, an element found in the old one can
        go stale, be missing from the new one, or (in Chromium) make the driver answer "Node
        with given id does not belong to the document". Each of those means "not yet", never a
        failure; anything else is raised.
        """
        from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                                WebDriverException)
        from selenium.webdriver.support.ui import WebDriverWait

        def while_navigating(driver):
            try:
                return condition(driver)
            except (StaleElementReferenceException, NoSuchElementException):
                return False
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return False
                raise

        WebDriverWait(self.driver, 15).until(while_navigating, message)

    def nav(self):
        return [a.get_attribute("href").replace(self.stack.base, "")
                for a in self.driver.find_elements(By.CSS_SELECTOR, "nav.pages a")]

    def test_each_role_sees_only_its_pages_and_others_are_refused(self):
        every = {path for paths in web.NAVIGATION.values() for path in paths}
        for subject, role in web.ROLES.items():
            with self.subTest(subject=subject):
                web.sign_in(self.driver, self.stack, subject)
                self.assertEqual(self.nav(), web.navigation(subject))
                for path in sorted(every - set(web.navigation(subject))):
                    self.assertEqual(self.open(path), "Not available to your role", path)
                for path in PAGES[role]:
                    if subject in web.SCOPED and path.split("?")[0] in web.WHOLE_SERVICE:
                        continue
                    heading = self.open(path)
                    self.assertNotEqual(heading, "Not available to your role", path)
                    self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "p.error"), [], path)

    def test_a_subject_with_no_grant_is_told_they_have_no_access(self):
        web.sign_in(self.driver, self.stack, "staff/X001")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "No access")
        self.assertIn("no access grant in force", self.driver.find_element(By.CSS_SELECTOR, "p.error").text)
        self.assertEqual(self.nav(), [])

    def test_a_scoped_coordinator_sees_only_their_team(self):
        web.sign_in(self.driver, self.stack, "staff/M002")
        self.open(f"/web/reviews-due?asAt={web.AS_AT}")
        teams = {td.text for td in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr td:nth-of-type(1)")}
        self.assertEqual(teams, {"barrhead"})

    def test_verification_checks_what_was_appended_since_and_runs_a_full_check_on_request(self):
        web.sign_in(self.driver, self.stack, "staff/A001")
        self.open("/web/verify")
        first = self.driver.find_element(By.TAG_NAME, "main").text
        # The checkpoint the stack signed is listed, signed by the log's key, and the tree agrees with it.
        history = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                   for tr in self.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=signed] tbody tr")]
        self.assertEqual(len(history), 1, first)
        self.assertEqual(history[0][2:], ["Yes", "Yes"])
        self.assertIn("Checked for this page", first)
        self.open("/web/verify")
        again = self.driver.find_element(By.TAG_NAME, "main").text
        # After the first visit only the chain after the position found sound is re-hashed, and said so.
        self.assertIn("Last full check", again)
        self.assertIn("Not checked now", again)
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Run a full check now']").click()
        # A click returns before the browser has posted the form and loaded the answer: wait for it.
        self.wait_for(lambda d: "The whole log, for this page" in d.find_element(By.TAG_NAME, "main").text,
                      "the full check's page did not load")
        full = self.driver.find_element(By.TAG_NAME, "main").text
        self.assertIn("Valid: the chain checks out", full)

    def test_a_filter_then_a_drill_down(self):
        web.sign_in(self.driver, self.stack, "staff/M001")
        self.open(f"/web/reviews-due?asAt={web.AS_AT}")
        Select(self.driver.find_element(By.ID, "f-status")).select_by_value("dueSoon")
        self.driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        # A click returns before the browser has navigated: wait for the filtered page itself.
        self.wait_for(lambda d: "status=dueSoon" in d.current_url, "the filtered list did not load")
        statuses = {td.text for td in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr td:nth-of-type(3)")}
        self.assertEqual(statuses, {"Due soon"})
        first = self.driver.find_element(By.CSS_SELECTOR, "main table tbody tr th a")
        person = first.text
        first.click()
        self.wait_for(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Person on the reviews-due list",
                      "the drill-down page did not load")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h2").text.strip() != "", True)
        self.assertIn(person, self.driver.page_source)

    # (who, page, report kind, parameters): each page's downloads against `carelog report KIND`.
    DOWNLOADS = [
        ("staff/M001", "/web/rag", "rag", {"asAt": web.AS_AT, "quarter": web.QUARTER}),
        ("staff/M001", "/web/compliance-trend", "compliance-trend", {"asAt": web.AS_AT, "from": "2020-01-01",
                                                                     "to": web.AS_AT}),
        ("staff/M001", "/web/visit-delivery", "visit-delivery", {"asAt": web.AS_AT, "from": "2020-01-01",
                                                                 "to": web.AS_AT, "by": "carer"}),
        ("staff/M001", "/web/complaints", "complaints", {"asAt": web.AS_AT, "from": "2020-01-01", "to": web.AS_AT}),
        ("staff/A001", "/web/access", "access", {"asAt": web.AS_AT, "from": "2020-01-01", "to": web.AS_AT,
                                                 "person": "P00001"}),
    ]
    OPTIONS = {"asAt": "--as-at", "knownAt": "--known-at", "from": "--from", "to": "--to", "by": "--by",
               "person": "--person", "quarter": "--quarter"}

    def test_a_download_is_the_bytes_the_command_line_writes(self):
        for subject, page, kind, parameters in self.DOWNLOADS:
            web.sign_in(self.driver, self.stack, subject)
            # Page reads append to the log, so both sides read at one pinned position.
            pinned = dict(parameters, knownAt=self.stack.head())
            self.open(page + "?" + "&".join(f"{k}={v}" for k, v in pinned.items()))
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
            links = self.driver.find_elements(By.CSS_SELECTOR, ".downloads a")
            self.assertTrue(links, f"no downloads on {page}")
            for link in links:
                href = link.get_attribute("href")
                if "format=" not in href:
                    continue
                fmt = href.split("format=")[1].split("&")[0]
                with self.subTest(page=page, format=fmt):
                    request = urllib.request.Request(href, headers={"Cookie": cookie})
                    with urllib.request.urlopen(request) as response:
                        downloaded = response.read()
                    with tempfile.TemporaryDirectory() as folder:
                        out = f"{folder}/{kind}.{fmt}"
                        options = [arg for k, v in pinned.items() for arg in (self.OPTIONS[k], v)]
                        self.stack.carelog("report", kind, "--store", self.stack.store, *options, "--format", fmt,
                                           "--output", out)
                        with open(out, "rb") as f:
                            self.assertEqual(downloaded, f.read())

    def test_printed_to_a4_every_column_header_and_the_last_column_survive(self):
        period = f"asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}"
        checks = [("staff/M001", f"/web/rag?asAt={web.AS_AT}&quarter={web.QUARTER}"),
                  ("staff/M001", f"/web/reviews-due?asAt={web.AS_AT}"),
                  ("staff/M001", f"/web/compliance-trend?{period}"),
                  ("staff/M001", f"/web/visit-delivery?{period}&by=carer"),
                  ("staff/M001", f"/web/complaints?{period}"),
                  ("staff/A001", f"/web/access?{period}&person=P00001"),
                  ("staff/I001", f"/web/extracts?asAt={web.AS_AT}&from=2020-01-01&to={web.AS_AT}")]
        for subject, path in checks:
            with self.subTest(path=path):
                web.sign_in(self.driver, self.stack, subject)
                self.open(path)
                table = self.driver.find_elements(By.CSS_SELECTOR, "main table")[-1]
                headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
                rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
                last = next((r.find_elements(By.CSS_SELECTOR, "td, th")[-1].text for r in rows
                             if r.find_elements(By.CSS_SELECTOR, "td, th")[-1].text.strip()), "")
                options = PrintOptions()
                options.page_width, options.page_height = 29.7, 21.0  # A4 landscape, in cm
                pdf = __import__("base64").b64decode(self.driver.print_page(options))
                text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                      check=True).stdout.decode()
                words = set(text.split())
                for header in headers:
                    for word in header.split():
                        self.assertIn(word, words, f"column header word {word!r} missing from the PDF of {path}")
                for word in last.split()[:3]:
                    self.assertIn(word, words, f"last-column cell word {word!r} missing from the PDF of {path}")

    @unittest.skipUnless(HAVE_AXE, "needs axe-playwright-python (its axe.min.js)")
    def test_axe_finds_no_wcag_2_2_a_or_aa_violation_on_any_page(self):
        run = """var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
              .then(function (r) { done(r.violations.map(function (v) { return [v.id, v.nodes.length]; })); })
              .catch(function (e) { done('axe failed: ' + e); });"""
        for subject, role in [("staff/M001", "manager"), ("staff/A001", "auditor"), ("staff/I001", "inspector")]:
            # The pages allow no scripts (Content-Security-Policy); let the test inject axe-core.
            self.driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
            web.sign_in(self.driver, self.stack, subject)
            for path in ["/web"] + PAGES[role] + [f"/web/reviews-due/person?person=P00001&asAt={web.AS_AT}"] * (
                    role == "manager"):
                with self.subTest(path=path):
                    self.open(path)
                    self.driver.execute_script(AXE)
                    version = self.driver.execute_script("return axe.version")
                    major, minor = (int(part) for part in version.split(".")[:2])
                    self.assertGreaterEqual((major, minor), (4, 7), "axe-core too old for WCAG 2.2 rules")
                    self.assertEqual(self.driver.execute_async_script(run, AXE_TAGS), [], f"axe violations on {path}")


if __name__ == "__main__":
    unittest.main()
