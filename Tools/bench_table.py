#!/usr/bin/env python3
"""Turns the raw output of Tools/bench.sh into one table: figure, reference, ratio, target."""
import re
import sys

text = open(sys.argv[1]).read()
events, people = sys.argv[2], sys.argv[3]
sections = dict(re.findall(r"## (\S+)\n(.*?)(?=\n## |\Z)", text, re.S))


def summary(name, label="ev_per_s"):
    """Median (min, max) from a peer's SUMMARY line."""
    m = re.search(r"SUMMARY %s runs=\d+ median=([\d.]+) min=([\d.]+) max=([\d.]+)" % label, sections.get(name, ""))
    return tuple(float(x) for x in m.groups()) if m else None


def result(name, measure):
    """Median (min, max) from a carelog-bench RESULT line."""
    m = re.search(r"RESULT measure=%s unit=\S+ median=([\d.]+) min=([\d.]+) max=([\d.]+)" % re.escape(measure), sections.get(name, ""))
    return tuple(float(x) for x in m.groups()) if m else None


def es(kind):
    return es_section("ref.es.single", kind)


def es_section(name, kind):
    values = [float(v) for v in re.findall(kind, sections.get(name, ""))]
    if not values:
        return None
    values.sort()
    return (values[len(values) // 2], values[0], values[-1])


def fmt(v):
    if v is None:
        return "–"
    med, lo, hi = v
    f = (lambda x: f"{x:,.0f}") if med >= 100 else (lambda x: f"{x:.2f}")
    return f"{f(med)} ({f(lo)}–{f(hi)})" if lo != hi else f(med)


rows = []


def row(measure, figure, reference, ref_name, target, ratio_target=None, higher=True):
    ratio = figure[0] / reference[0] if figure and reference and reference[0] else None
    ok = ""
    if ratio is not None and ratio_target is not None:
        ok = "✓" if (ratio >= ratio_target if higher else ratio <= ratio_target) else "✗"
    rows.append((measure, fmt(figure), f"{fmt(reference)} {ref_name}" if reference else ref_name,
                 f"{ratio:.2f}×" if ratio is not None else "–", target, ok))


single = result("carelog.store", "append.single.durable")
row("durable single-event append, one writer (ev/s)", single, summary("ref.lmdb.single"), "raw C LMDB, default sync", "≥ 0.9×", 0.9)
concurrent = result("carelog.store", "append.concurrent32.durable")
row("durable appends, 32 concurrent callers (ev/s)", concurrent, summary("ref.sqlite.single"), "SQLite WAL FULL, 1 event/commit", "≥ 5× and ≥ 20k/s", 5)
bulk = result("carelog.store", "import.bulk.batch100000")
row("bulk import, standard workload, chain + indexes (ev/s)", bulk, summary("ref.lmdb.batch"), "raw C LMDB batched, no index", "≥ 0.3× and ≥ 250k/s", 0.3)
row("bulk import vs SQLite batched with stream index", bulk, summary("ref.sqlite.batch"), "SQLite 1,000/txn + index", "≥ 5×", 5)
scan = summary("ref.lmdb.scan")
row("replay, every event decoded to an envelope (ev/s)", result("carelog.store", "replay.all"), scan, "raw C cursor scan", "–")
row("verify: whole chain and indexes (ev/s)", result("carelog.store", "verify"), None, "", "≥ 500k/s")
bytes_ = result("carelog.store", "disk.bytes-per-event")
row("bytes on disk per event, indexes included", bytes_, result("carelog.store", "disk.ndjson-line"), "NDJSON line", "≤ 1.3×", 1.3, higher=False)
# The Merkle tree (Docs/proofs.md): the same paths with the tree caught up over them, in one run.
tree = "carelog.store-tree"
row("single appends, tree caught up after them (ev/s)", result(tree, "append.single.durable+tree"),
    result(tree, "append.single.durable"), "same run, no tree", "≥ 0.9×", 0.9)
row("bulk import, tree caught up after it (ev/s)", result(tree, "import.bulk.batch100000+tree"),
    result(tree, "import.bulk.batch100000"), "same run, no tree", "≥ 0.9×", 0.9)
following = "carelog.store-following"
row("bulk import in batches of 10,000, the tree following on another thread (ev/s)",
    result(following, "import.bulk.batch10000+tree-following"), result(following, "import.bulk.batch10000"),
    "same run, no tree", "≥ 0.9×", 0.9)
row("tree check of `carelog verify` (ev/s)", result(tree, "tree.check"), result(tree, "verify"), "chain and indexes", "–")
for kind, label in [("verify", "verify"), ("bytes", "audit paths (bytes)")]:
    found = re.search(r"RESULT measure=(proofs\.%s\.1000rows\.(\d+)leaves)" % kind, sections.get("carelog.proofs", ""))
    if found:
        unit = " (ms)" if kind == "verify" else ""
        row(f"1,000-row extract on {int(found.group(2)):,} leaves: {label}{unit}", result("carelog.proofs", found.group(1)),
            None, "", "–")
# A 1,000-row extract bundle on a real store (Tools/proofs-bench.sh): one run of each step.
bundle_text = sections.get("carelog.proofs-bundle", "")
steps = {m.group(1): float(m.group(2)) for m in re.finditer(r"RESULT_BUNDLE step=(\S+) wall=([\d.]+)", bundle_text)}
sizes = {m.group(1): dict(kv.split("=") for kv in m.group(2).split())
         for m in re.finditer(r"RESULT_BUNDLE_SIZE bundle=(\S+) (.*)", bundle_text)}
if "rows" in sizes or "demo" in sizes:
    kind = "rows" if "rows" in sizes else "demo"
    size = sizes[kind]
    label = f"{int(size['rows']):,}-row bundle on {int(size['tree_size']):,} events"
    one = lambda x: (x, x, x) if x is not None else None
    row("first `checkpoint --sign` of that store (s)", one(steps.get("sign-first")), None, "", "–")
    row(f"{label}: proofs.json (bytes)", one(float(size["proofs_json_bytes"])), None,
        f"{int(size['events']):,} events, {size['mean_path']} hashes a path", "–")
    row(f"{label}: write it (s)", one(steps.get(f"bundle-{kind}")), None, "", "–")
    row(f"{label}: `carelog verify-bundle` (s)", one(steps.get(f"verify-bundle-{kind}")), None, "", "–")
    row(f"{label}: Python verifier (s)", one(steps.get(f"python-verify-{kind}")), None, "", "–")
for name in ["reviews-due", "compliance", "rag", "notifications", "audit"]:
    figure = result(f"carelog.projection.{name}", f"projection.{name}")
    row(f"rebuild {name} over the demo log (log events/s)", figure, scan if name == "reviews-due" else None,
        "raw C cursor scan" if name == "reviews-due" else "", "≥ 0.25× and ≥ 1M/s" if name == "reviews-due" else "≥ 250k/s",
        0.25 if name == "reviews-due" else None)
    memory = result(f"carelog.projection.{name}", f"memory.{name}.peak-anon")
    rows.append((f"  peak heap (anonymous RSS), {name} (MiB)", fmt(memory), "", "", "flat in events", ""))
store_events = re.search(r"# store: (\d+) events", sections.get("carelog.projection.compliance", ""))
for name in ["compliance", "rag"]:
    rebuild = result(f"carelog.projection.{name}", f"projection.{name}")
    first = result(f"carelog.projection.{name}-first", f"projection.{name}-first")
    row(f"  {name}: first report with an empty checkpoint cache (log events/s)", first, rebuild,
        "the rebuild above, no cache", "≥ 0.95×", 0.95)
    warm = result(f"carelog.projection.{name}-warm", f"projection.{name}-warm")
    rebuild_secs = None
    if rebuild and store_events:
        n = int(store_events.group(1))
        rebuild_secs = (n / rebuild[0], n / rebuild[2], n / rebuild[1])
    row(f"  {name} at the head after 1,000 new events, warm checkpoint (s)", warm, rebuild_secs,
        "full rebuild (s)", "≤ 0.3 s and ≤ 0.01×", 0.01, higher=False)
past_short = result("carelog.projection.past", "projection.past-short")
row("past month's compliance on a log ten times longer, through the cache (s)",
    result("carelog.projection.past", "projection.past-long"), past_short, "same report on a tenth of the log",
    "≤ 1.2×", 1.2, higher=False)
row("  the same without a cache (every event read) (s)",
    result("carelog.projection.past", "projection.past-long-nocache"), past_short, "same report on a tenth of the log", "–")
access = "carelog.projection.access"
row("access register: resumed from its saved state at start-up (s)", result(access, "projection.access-register-resume"),
    result(access, "projection.access-register"), "folded from the whole log", "–")
row("  its peak heap while folding the whole log (MiB)", result(access, "memory.access-register.peak-anon"), None, "", "–")
row("  10,000 access lookups: schedule, visit's person, scope (s)", result(access, "projection.access-decisions"), None, "", "–")
duck = es_section("ref.duckdb.compliance", r"RESULT_DUCKDB secs=([\d.]+)")
duck_events = re.search(r"RESULT_DUCKDB secs=[\d.]+ events=(\d+)", sections.get("ref.duckdb.compliance", ""))
if duck and duck_events:
    n = int(duck_events.group(1))
    duck_rate = (n / duck[0], n / duck[2], n / duck[1])
    row("compliance from cold vs DuckDB loading the export and answering one measure (log events/s)",
        result("carelog.projection.compliance", "projection.compliance"), duck_rate, "DuckDB (ECM rate only)",
        "> 1×", 1)
es_write = es(r"write txn=1 n=\d+ stored=\d+ secs=[\d.]+ ev_per_s=([\d.]+)")
row("append vs Python eventsourcing on SQLite, both 1 event/commit", single, es_write, "eventsourcing", "(physics: one fsync each)")
row("append vs eventsourcing: 32 callers (group commit) vs its 1 event/commit", concurrent, es_write, "eventsourcing", "≥ 10×", 10)
es_batch = es_section("ref.es.batch", r"write txn=1000 n=\d+ stored=\d+ secs=[\d.]+ ev_per_s=([\d.]+)")
row("bulk append vs eventsourcing, both batched", bulk, es_batch, "eventsourcing 1,000/txn", "≥ 10×", 10)
es_read = es(r"domain_events ev_per_s=([\d.]+)")
row("replay vs Python eventsourcing (domain events)", result("carelog.store", "replay.all"), es_read, "eventsourcing", "≥ 10×", 10)


def imports(name):
    """Median (min, max) events/s and peak RSS (MiB) of the RESULT_IMPORT lines of a section."""
    runs = re.findall(r"RESULT_IMPORT secs=([\d.]+) events=(\d+) maxrss_kb=(\d+)", sections.get(name, ""))
    if not runs:
        return None, None
    rates = sorted(int(n) / max(float(s), 1e-9) for s, n, _ in runs)
    rss = sorted(int(k) / 1024 for _, _, k in runs)
    return (rates[len(rates) // 2], rates[0], rates[-1]), (rss[len(rss) // 2], rss[0], rss[-1])


demo_raw = summary("ref.lmdb.demo-batch")
for mode, label in [("batch", "one batch"), ("chunk10000", "--chunk 10000")]:
    rate, rss = imports(f"carelog.import.{mode}")
    row(f"`carelog import` of the demo export, {label}, full validation (ev/s)", rate, demo_raw,
        "raw C LMDB 1,000/txn, same lines", "≥ 0.3× and ≥ 300k/s", 0.3)
    rows.append((f"  peak RSS, import {label} (MiB)", fmt(rss), "", "", "bounded by the chunk" if mode != "batch" else "bounded by the batch", ""))
rounds = re.findall(r"RESULT_ROUND raw_secs=([\d.]+) import_secs=([\d.]+) events=(\d+)",
                    sections.get("carelog.import.rounds", ""))
if rounds:
    # Each round's ratio is raw C's time over the import's, both of the same minute.
    ratios = sorted(float(raw) / max(float(imp), 1e-9) for raw, imp, _ in rounds)
    median = ratios[len(ratios) // 2]
    rates = sorted(int(n) / max(float(imp), 1e-9) for _, imp, n in rounds)
    rows.append((f"`carelog import --chunk 10000` and raw C alternated, {len(rounds)} rounds: the import (ev/s)",
                 fmt((rates[len(rates) // 2], rates[0], rates[-1])),
                 f"per-round ratio to raw C 1,000/txn, same lines: {ratios[0]:.3f}–{ratios[-1]:.3f}",
                 f"{median:.3f}×", "≥ 0.3× and ≥ 300k/s",
                 "✓" if median >= 0.3 and rates[len(rates) // 2] >= 300_000 else "✗"))
for mode, label in [("chunk10000-half", "first half of the file"), ("chunk10000-double", "the file twice")]:
    _, rss = imports(f"carelog.import.{mode}")
    rows.append((f"  peak RSS, import --chunk 10000, {label} (MiB)", fmt(rss), "", "", "same as the whole file", ""))

# Replay from borrowed bytes (issue 13): full rebuilds ≥ 1M log events/s, replay ≥ 20× eventsourcing.
borrowed_replay = result("carelog.store", "replay.borrowed")
row("replay from borrowed bytes, each event read in place (ev/s)", borrowed_replay, scan, "raw C cursor scan", "–")
row("replay from borrowed bytes vs Python eventsourcing (domain events)", borrowed_replay, es_read, "eventsourcing",
    "≥ 20×", 20)
care_replay = result("carelog.projection.replay", "projection.replay")
row("replay of the demo log to care events, payloads decoded in place (ev/s)", care_replay,
    result("carelog.projection.replay-envelopes", "projection.replay-envelopes"), "the same through envelopes", "–")
row("replay to care events vs Python eventsourcing (domain events)", care_replay, es_read, "eventsourcing", "≥ 20×", 20)
# The same against eventsourcing replaying a log of the same scale (the batched run's 1,002,000
# events); the row above reads the single-append run's 6,671, a read of about 0.06 s.
es_read_large = es_section("ref.es.batch", r"domain_events ev_per_s=([\d.]+)")
row("replay to care events vs eventsourcing replaying 1M events (domain events)", care_replay, es_read_large,
    "eventsourcing, 1,002,000 events", "≥ 20×", 20)
for name in ["compliance", "rag"]:
    row(f"rebuild {name} from borrowed bytes (log events/s)", result(f"carelog.projection.{name}", f"projection.{name}"),
        result(f"carelog.projection.{name}-envelopes", f"projection.{name}-envelopes"), "the same through envelopes",
        "≥ 1M/s")
for p in ["p50", "p99", "max"]:
    row(f"subscription, commit in one process to a subscriber in another, {p} (ms)",
        result("carelog.subscription", f"subscription.cross-process.{p}"), None, "", "p99 ≤ 20 ms" if p == "p99" else "–")


def mapped(name):
    """Median (min, max) rows/s and peak RSS (MiB) of the RESULT_MAPPED lines of a section."""
    runs = re.findall(r"RESULT_MAPPED secs=([\d.]+) rows=(\d+) events=\d+ maxrss_kb=(\d+)", sections.get(name, ""))
    if not runs:
        return None, None
    rates = sorted(int(n) / max(float(s), 1e-9) for s, n, _ in runs)
    rss = sorted(int(k) / 1024 for _, _, k in runs)
    return (rates[len(rates) // 2], rates[0], rates[-1]), (rss[len(rss) // 2], rss[0], rss[-1])


ecm_rate, ecm_rss = mapped("carelog.import.ecm-mapped")
twin_rate, twin_rss = mapped("carelog.import.ecm-ndjson")
row("`carelog import --mapping` of a generated ECM export, --chunk 10000 (rows/s)", ecm_rate, twin_rate,
    "rows/s of the NDJSON import of the same events", "≥ 200k rows/s")
rows.append(("  peak RSS, mapped ECM import --chunk 10000 (MiB)", fmt(ecm_rss), f"{fmt(twin_rss)} NDJSON twin", "", "bounded by the chunk", ""))

demo = re.search(r"(\d+) events, .*? in ([\d.]+)s", sections.get("carelog.demo", ""))
print(f"Standard workload: {events} events. Demo partnership: {people} people, 12 months"
      + (f" = {int(demo.group(1)):,} events, generated in {demo.group(2)} s." if demo else "."))
print()
print("| measure | Carelog median (min–max) | reference | ratio | target | |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")

# How the report figures grow with the log (bench.sh's GROWTH option).
growth = sorted((k for k in sections if k.startswith("carelog.growth.")),
                key=lambda k: tuple(int(x) for x in k.split(".")[-1].split("-")))
if growth:
    print()
    print("| demo (people, months) | events | compliance rebuild (log-ev/s) | RAG rebuild (log-ev/s) "
          "| compliance warm (s) | RAG warm (s) | past month, long / short log (s) | peak heap, compliance (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    for key in growth:
        people, months = key.split(".")[-1].split("-")
        n = re.search(r"# store: (\d+) events", sections[key])
        cells = [fmt(result(key, f"projection.{m}")) for m in ["compliance", "rag", "compliance-warm", "rag-warm"]]
        past = f"{fmt(result(key, 'projection.past-long'))} / {fmt(result(key, 'projection.past-short'))}"
        heap = fmt(result(key, "memory.compliance.peak-anon"))
        print(f"| {people}, {months} | {int(n.group(1)):,} | " if n else f"| {people}, {months} | – | ", end="")
        print(" | ".join(cells + [past, heap]) + " |")
