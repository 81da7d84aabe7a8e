#!/usr/bin/env bash
# Lint: the tree must be exactly as `swift format` (shipped with the toolchain) would write it,
# under the rules in .swift-format (Sources, Tools, Package.swift) and Tests/.swift-format
# (tests may force-unwrap and force-try). Any finding fails.
#
# To fix what it reports: swift format format -i -r Sources Tests Tools Package.swift
# then hand-fix what the formatter cannot (force unwraps in Sources and Tools, for example).
# With arguments, lints only those files or directories.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then set -- Sources Tests Tools Package.swift; fi
exec swift format lint --strict --recursive --parallel "$@"
