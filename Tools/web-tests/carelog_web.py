"""What the browser tests and Tools/screenshots.sh share: a small demo store, the test identity
provider and `carelog serve` with the web pages, and a headless Chromium signed in through the
real redirect flow."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
CARELOG = os.environ.get("CARELOG", str(ROOT / ".build" / "debug" / "carelog"))
AS_AT = "2020-03-31"
QUARTER = "2020-Q1"
ROLES = {
    "staff/M001": "manager",
    "staff/M002": "manager",
    "staff/A001": "auditor",
    "staff/I001": "inspector",
}
# Each test identity's access grant, recorded in the store with `carelog access grant` (as the
# README's service tour does): the pages take roles and teams from the log, never the config.
GRANTS = {
    "staff/M001": ("serviceManager", "partnership"),
    "staff/M002": ("coordinator", "team:barrhead"),
    "staff/A001": ("auditor", "partnership"),
    "staff/I001": ("inspector", "partnership"),
}
# The navigation each identity's grants open (paths, in WebPage order), as WebPage.isOpen says:
# a service manager for the partnership reads every report, the timelines and verification; a
# coordinator for a team their team's reviews-due list and their people's timelines; an auditor
# everything; an inspector the extract.
NAVIGATION = {
    "staff/M001": ["/web", "/web/rag", "/web/reviews-due", "/web/compliance", "/web/compliance-trend",
                   "/web/visit-delivery", "/web/complaints", "/web/timeline", "/web/difference", "/web/verify",
                   "/web/extracts"],
    "staff/M002": ["/web", "/web/reviews-due", "/web/compliance", "/web/compliance-trend", "/web/visit-delivery",
                   "/web/complaints", "/web/timeline", "/web/difference"],
    "staff/A001": ["/web", "/web/rag", "/web/reviews-due", "/web/compliance", "/web/compliance-trend",
                   "/web/visit-delivery", "/web/complaints", "/web/timeline", "/web/difference", "/web/verify",
                   "/web/extracts", "/web/access"],
    "staff/I001": ["/web", "/web/extracts"],
}
# Pages that read the whole partnership at once: a coordinator whose grant is for a team may not open them
# (the period reports — compliance, trend, visit delivery, complaints — open limited to their team).
WHOLE_SERVICE = {"/web/rag", "/web/extracts"}
# Subjects whose grants are for a team.
SCOPED = {"staff/M002"}


def navigation(subject: str) -> list:
    """The navigation `subject`'s grants open."""
    return NAVIGATION[subject]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


class Stack:
    """A demo store, the test IdP and `carelog serve`, torn down by stop()."""

    def __init__(self, people: int = 20, months: int = 3, store: str | None = None, as_at: str = AS_AT,
                 serve_args: tuple = (), warm: dict | None = None, prepare: bool = True):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="carelog-web-"))
        self.store = store or str(self.dir / "store")
        self.processes = []
        if store is None:
            self.carelog("demo", "--store", self.store, "--people", str(people), "--months", str(months), "--force")
        # `prepare=False`: a store this class prepared before (a restart over the same store).
        if prepare:
            # The inspector's extract needs the Care Inspectorate's pseudonym key: the first extract makes it.
            self.carelog("extract", "notifications", "--store", self.store, "--as-at", as_at, "--from",
                         "2020-01-01", "--to", as_at, "--output", str(self.dir / "first-extract.csv"))
            for subject, (role, scope) in GRANTS.items():
                self.carelog("access", "grant", "--store", self.store, "--subject", subject, "--role", role,
                             "--scope", scope, "--from", "2020-01-01", "--granted-by", "staff/admin")
            # One signed checkpoint, so the verification page lists a history row (Docs/web.md, "Verification").
            self.carelog("checkpoint", "--store", self.store, "--sign", "--output", str(self.dir / "signed.checkpoint"))
        self.idp_port = free_port()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = json.loads((ROOT / "Tools/service/test-web-config.json").read_text())
        config["jwksFile"] = str(ROOT / "Tools/service/test-jwks.json")
        web = config["web"]
        web["authorizationEndpoint"] = f"http://127.0.0.1:{self.idp_port}/authorize"
        web["tokenEndpoint"] = f"http://127.0.0.1:{self.idp_port}/token"
        web["redirectURI"] = f"{self.base}/web/callback"
        if warm is not None:
            config["warm"] = warm  # the report warmer's member (Docs/service.md, "Report warming")
        self.config = self.dir / "config.json"
        self.config.write_text(json.dumps(config))
        self.log = open(self.dir / "serve.log", "w")
        self.processes.append(subprocess.Popen(
            [sys.executable, str(ROOT / "Tools/service/test-idp.py"), "--port", str(self.idp_port)]))
        self.processes.append(subprocess.Popen(
            [CARELOG, "serve", "--store", self.store, "--config", str(self.config), "--port", str(self.port),
             *serve_args],
            stderr=self.log))
        wait_for(f"{self.base}/health")
        wait_for_port(self.idp_port)

    def ready(self) -> dict:
        """`GET /ready` (its `reports` member says whether the report warmer is warm)."""
        with urllib.request.urlopen(f"{self.base}/ready", timeout=10) as response:
            return json.loads(response.read())

    def carelog(self, *args: str) -> bytes:
        return subprocess.run([CARELOG, *args], check=True, capture_output=True).stdout

    def head(self) -> str:
        """The log's head sequence now (page reads append, so a byte comparison pins a position)."""
        return str(json.loads(self.carelog("checkpoint", "--store", self.store))["sequence"])

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def browser(width: int = 1280, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}"]:
        options.add_argument(argument)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def sign_in(driver, stack: Stack, subject: str) -> None:
    """Signs in through the real flow: Carelog → the IdP's form → back to Carelog with a session."""
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{stack.base}/web/sign-in")
    driver.find_element(By.CSS_SELECTOR, f'input[name="subject"][value="{subject}"]').click()
    driver.find_element(By.ID, "sign-in").click()
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, 15).until(lambda d: d.current_url.rstrip("/") == f"{stack.base}/web"
                                        and d.find_elements(By.CSS_SELECTOR, "nav.pages"))
    except Exception:
        raise AssertionError(f"sign-in as {subject} did not return to the start page")
