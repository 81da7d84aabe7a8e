#!/usr/bin/env bash
# Installs what Carelog needs on a fresh Debian machine: LMDB (library, headers, mdb_stat/mdb_dump),
# pkg-config, and mimalloc (the allocator the executables link: Package.swift). Safe to run again;
# does nothing when everything is present.
set -euo pipefail
needed=(liblmdb-dev lmdb-utils pkg-config libmimalloc-dev)
missing=()
for package in "${needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing ${missing[*]}…" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The service's load figure (Tools/service-load.sh, a row of Tools/bench.sh) needs wrk and bc.
missing_load=()
for package in wrk bc; do dpkg -s "$package" >/dev/null 2>&1 || missing_load+=("$package"); done
if [ ${#missing_load[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_load[@]}" >/dev/null; } \
    || echo "(wrk/bc not installed: Tools/service-load.sh will not run)" >&2
fi
# The print and Word tests (ReportsTests: HTMLPrintTests, DOCXRenderingTests) print through headless
# Chromium and LibreOffice and read the PDFs with pdftotext; fonts-liberation gives Arial's metrics.
print_tools=(chromium libreoffice-writer poppler-utils fonts-liberation)
missing_print=()
for package in "${print_tools[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing_print+=("$package")
done
if [ ${#missing_print[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing ${missing_print[*]} (print and Word tests)…" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_print[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "Swift 6 is required (swift not found on PATH)" >&2; exit 1; }
# The web pages' browser tests (Tools/web-tests, Docs/web.md): headless Chromium, its driver,
# pdftotext (poppler-utils), and Selenium with axe-core from PyPI. Failures here only skip those tests.
web_needed=(chromium chromium-driver poppler-utils)
web_missing=()
for package in "${web_needed[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || web_missing+=("$package")
done
if [ ${#web_missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing ${web_missing[*]} (browser tests)…" >&2
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${web_missing[@]}" >/dev/null; } \
    || echo "could not install ${web_missing[*]}; the browser tests will be skipped" >&2
fi
python3 -c 'import selenium, axe_selenium_python' 2>/dev/null \
  || python3 -m pip install --quiet selenium axe-selenium-python 2>/dev/null \
  || python3 -m pip install --quiet --user --break-system-packages selenium axe-selenium-python 2>/dev/null \
  || echo "could not install selenium and axe-selenium-python; the browser tests will be skipped" >&2
# axe-core 4.12.1 (WCAG 2.2 rules) as bundled by axe-playwright-python: only its axe.min.js is used,
# injected through Selenium, so its Playwright dependency is not installed (--no-deps).
python3 -c 'import axe_playwright_python' 2>/dev/null \
  || python3 -m pip install --quiet --no-deps 'axe-playwright-python==0.1.8' 2>/dev/null \
  || python3 -m pip install --quiet --no-deps --user --break-system-packages 'axe-playwright-python==0.1.8' 2>/dev/null \
  || echo "could not install axe-playwright-python; the axe browser test will be skipped" >&2
