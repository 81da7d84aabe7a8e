#!/usr/bin/env bash
# Proof bundles on a real store (Docs/performance-log.md, "Proof bundles of 1,000 rows on the 1.07 M and
# 10.7 M demos"): the cost of building the tree and signing, and the size and checking time of an
# extract bundle of ROWS rows, with `carelog verify-bundle` and the Python verifier of
# Docs/proofs.md §7. The store is never written: it is copied into WORKDIR first.
#
# Usage: Tools/proofs-bench.sh STORE [WORKDIR=/tmp/carelog-proofs] [ROWS=1000]
#   STORE    a store made by `carelog demo` (e.g. the 1.07M demo, or the 10.7M one of `carelog demo
#            --people 10000`: about 3.5 GB copied, 2 minutes of tree building on 2 cores)
#   ROWS     rows wanted in the extract. The demo records about 46 rows per 1,000 people and year;
#            when it has fewer, notified incidents copied from the store's own
#            (Tools/proofs_extra_notifications.py) are imported to reach ROWS, then signed again.
# Environment: BIN (default .build/release), FROM / TO (default 2020-01-01 / 2020-12-31: the
#   extract's period, the demo's year).
#
# Steps, each timed with /usr/bin/time (wall, user, sys seconds, peak RSS): a recipient key (so
# leaves are v2 with pseudonym slots, Docs/proofs.md §11), the first `checkpoint --sign` (verify,
# build the tree), the bundle of the demo's own rows and its two checks, then (if ROWS is more)
# the import of the extra notifications, the second `checkpoint --sign` (since branch
# sign-incremental: check the events after the first signature, extend; the whole-log check is
# `--sign --full`, Docs/proofs.md §9), and the ROWS bundle with a consistency proof from the first checkpoint, checked
# by both verifiers. One RESULT_BUNDLE line per step, then a summary per bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=${1:?usage: Tools/proofs-bench.sh STORE [WORKDIR] [ROWS]}
W=${2:-/tmp/carelog-proofs}
ROWS=${3:-1000}
BIN=${BIN:-.build/release}
FROM=${FROM:-2020-01-01}
TO=${TO:-2020-12-31}
C="$BIN/carelog"
[ -x "$C" ] || { echo "no $C: build it first (swift build -c release --product carelog)" >&2; exit 1; }
[ -f "$SOURCE/data.mdb" ] || { echo "$SOURCE is not a store" >&2; exit 1; }
python3 -c 'import cryptography' 2>/dev/null || { echo "the Python verifier needs cryptography (pip install cryptography)" >&2; exit 1; }

case "$(realpath -m "$SOURCE")/" in
  "$(realpath -m "$W")"/*) echo "WORKDIR $W holds the store $SOURCE: choose another (it is emptied first)" >&2; exit 64 ;;
esac
rm -rf "$W"
mkdir -p "$W"
S="$W/store"
cp -a "$SOURCE" "$S"
# The verifier printed in Docs/proofs.md, cut out as the tests cut it.
sed -n '/^# --- BEGIN carelog_verify.py ---$/,/^# --- END carelog_verify.py ---$/p' Docs/proofs.md | sed '1d;$d' > "$W/carelog_verify.py"

timed() { # timed STEP COMMAND…: runs it, prints RESULT_BUNDLE step=… wall=… user=… sys=… maxrss_kb=…
  local step=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/time.txt" "$@" > "$W/$step.out" 2> "$W/$step.err" || {
    cat "$W/$step.out" "$W/$step.err" >&2
    return 1
  }
  read -r wall user sys rss < "$W/time.txt"
  echo "RESULT_BUNDLE step=$step wall=$wall user=$user sys=$sys maxrss_kb=$rss load=$(cut -d' ' -f1 /proc/loadavg)"
}

stats() { # stats NAME DIR [OLD_SIZE]: rows, events, sizes and proof lengths of a bundle (and of its
  # events after OLD_SIZE, the notifications imported to reach ROWS, apart: they sit at the log's end)
  python3 - "$@" <<'EOF'
import json, os, sys
name, d = sys.argv[1], sys.argv[2]
old = int(sys.argv[3]) if len(sys.argv) > 3 else None
p = json.load(open(os.path.join(d, "proofs.json")))
inc = p["inclusion"]
size = os.path.getsize(os.path.join(d, "proofs.json"))
rows, events = len(p["rows"]), len(inc)
mean = lambda xs: sum(xs) / len(xs) if xs else 0
print(f"RESULT_BUNDLE_SIZE bundle={name} tree_size={p['tree_size']} rows={rows} events={events} "
      f"proofs_json_bytes={size} bytes_per_row={size / max(rows, 1):.0f} bytes_per_event={size / max(events, 1):.0f} "
      f"mean_path={mean([len(e['proof']) for e in inc]):.2f} mean_digests={mean([len(e['field_digests']) for e in inc]):.2f} "
      f"mean_disclosures={mean([len(e['disclosures']) for e in inc]):.2f} "
      f"consistency_hashes={len(p['consistency']['proof']) if p.get('consistency') else 0} "
      f"extract_json_bytes={os.path.getsize(os.path.join(d, 'extract.json'))} "
      f"bundle_bytes={sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))}")
if old is not None:
    for part, chosen in [("demo", [e for e in inc if e["sequence"] <= old]), ("extra", [e for e in inc if e["sequence"] > old])]:
        print(f"RESULT_BUNDLE_PART bundle={name} events={part} count={len(chosen)} "
              f"mean_path={mean([len(e['proof']) for e in chosen]):.2f} "
              f"mean_json_bytes={mean([len(json.dumps(e, indent=2)) for e in chosen]):.0f}")
EOF
}

# A recipient key first: it creates the pseudonym root key, so the tree's leaves are v2 (slot 0 proved).
timed recipient-key "$C" extract notifications --store "$S" --from "$FROM" --to "$FROM" --format json --output "$W/key.json"
timed sign-first "$C" checkpoint --sign --store "$S" --output "$W/first.checkpoint"
"$C" checkpoint --vkey --store "$S" > "$W/log.vkey"
KEY=$(cat "$W/log.vkey")
timed bundle-demo "$C" extract notifications --store "$S" --from "$FROM" --to "$TO" --format json \
  --bundle "$W/bundle-demo" --checkpoint "$W/first.checkpoint"
timed verify-bundle-demo "$C" verify-bundle "$W/bundle-demo" --key "$KEY"
timed python-verify-demo python3 "$W/carelog_verify.py" bundle "$W/bundle-demo" --key "$KEY"
stats demo "$W/bundle-demo"
have=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$W/bundle-demo/proofs.json")
if [ "$have" -lt "$ROWS" ]; then
  "$C" log --store "$S" --type IncidentRecorded --type NotificationSubmitted --type NotificationFollowedUp \
    --format ndjson > "$W/incidents.ndjson"
  python3 Tools/proofs_extra_notifications.py $((ROWS - have)) < "$W/incidents.ndjson" > "$W/extra.ndjson"
  echo "RESULT_BUNDLE_EXTRA notifications=$((ROWS - have)) events=$(wc -l < "$W/extra.ndjson")"
  timed import-extra "$C" import --store "$S" "$W/extra.ndjson"
  timed sign-second "$C" checkpoint --sign --store "$S" --output "$W/second.checkpoint"
  timed bundle-rows "$C" extract notifications --store "$S" --from "$FROM" --to "$TO" --format json \
    --bundle "$W/bundle-rows" --checkpoint "$W/second.checkpoint" --previous-checkpoint "$W/first.checkpoint"
  timed verify-bundle-rows "$C" verify-bundle "$W/bundle-rows" --key "$KEY" --previous-checkpoint "$W/first.checkpoint"
  timed python-verify-rows python3 "$W/carelog_verify.py" bundle "$W/bundle-rows" --key "$KEY" \
    --previous-checkpoint "$W/first.checkpoint"
  stats rows "$W/bundle-rows" "$(sed -n 2p "$W/first.checkpoint")"
fi
rm -rf "$S"
