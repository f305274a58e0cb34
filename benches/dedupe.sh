#!/usr/bin/env bash
# Duplicate-finder benchmark: for each set folder in DIR (each holding `leads.csv` and
# `truth_pairs.csv` with the columns `external_id_a,external_id_b`), imports leads.csv as
# shipped into a fresh database, runs `leadbook dedupe-scan --csv`, and prints pairwise
# precision, recall and F1 against the true pairs, with the scan's time and peak memory.
#
#   cargo build --release && benches/dedupe.sh DIR [SET...]
#
# Needs python3 (standard library only) and GNU time (/usr/bin/time).
set -euo pipefail
dir=${1:?usage: benches/dedupe.sh DIR [SET...]}
shift
bin=${LEADBOOK_BIN:-$(dirname "$0")/../target/release/leadbook}
sets=("$@")
if [ "${#sets[@]}" -eq 0 ]; then
    for d in "$dir"/*/; do [ -f "$d/leads.csv" ] && sets+=("$(basename "$d")"); done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %7s %7s %9s %9s %7s %8s %9s\n' set leads pairs precision recall F1 scan peak
for s in "${sets[@]}"; do
    db="$work/$s.db"
    echo 'benchmark password 1' | "$bin" --database "$db" user create --login bench --role admin >/dev/null 2>&1
    RUST_LOG=warn "$bin" --database "$db" import "$dir/$s/leads.csv" --policy create >"$work/$s.import" 2>&1
    /usr/bin/time -f '%e %M' -o "$work/$s.time" "$bin" --database "$db" dedupe-scan --csv "$work/$s.pairs.csv" 2>/dev/null
    read -r secs kb <"$work/$s.time"
    python3 - "$work/$s.pairs.csv" "$dir/$s/truth_pairs.csv" "$dir/$s/leads.csv" "$s" "$secs" "$kb" <<'PY'
import csv, sys
found_path, truth_path, leads_path, name, secs, kb = sys.argv[1:]
def pairs(path, a, b):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {frozenset((r[a], r[b])) for r in csv.DictReader(f) if r[a] != r[b]}
found = pairs(found_path, "a_external_id", "b_external_id")
truth = pairs(truth_path, "external_id_a", "external_id_b")
with open(leads_path, newline="", encoding="utf-8-sig") as f:
    leads = sum(1 for _ in csv.DictReader(f))
tp = len(found & truth)
p = tp / len(found) if found else 0.0
r = tp / len(truth) if truth else 0.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
print(f"{name:<10} {leads:>7} {len(found):>7} {p:>9.3f} {r:>9.3f} {f1:>7.3f} {float(secs):>7.2f}s {int(kb)/1024:>7.0f}MB")
PY
done
