#!/usr/bin/env bash
# Checks the validator monitoring in deploy/monitoring/ (README.md there describes it):
#   1. `promtool check rules` on prometheus/alerts.yml;
#   2. `promtool check config` on prometheus/prometheus.yml (which loads alerts.yml);
#   3. `promtool test rules` on prometheus/alerts.test.yml, the alerts' unit tests;
#   4. the Grafana dashboard grafana/depin-validator.json: it parses, its panels are well formed
#      (unique ids, a position, the dashboard's datasource variable, a query on every data
#      panel), it has the DePIN row, and every metric its queries name (and every metric the
#      alert rules name) is in metrics.txt, the names a real node exports.
# Installs Debian's `prometheus` package first if promtool is missing (as root; the service the
# package may start is stopped and disabled again). Needs python3. Builds nothing.
#
#   scripts/check-monitoring.sh
#
# Exits non-zero with a message naming the failed check.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mon="$(cd "$here/../deploy/monitoring" && pwd)"
prom="$mon/prometheus"

fail() {
	echo "check-monitoring: FAILED: $*" >&2
	exit 1
}
step() { echo "==> $*"; }

# promtool ships in Debian's prometheus package. Its recommended node_exporter is not installed:
# this check needs promtool only.
if ! command -v promtool >/dev/null 2>&1; then
	step "promtool missing: installing Debian's prometheus package"
	[ "$(id -u)" -eq 0 ] || fail "promtool is missing and installing it needs root"
	apt-get update -qq || fail "apt-get update"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus \
		>/dev/null || fail "apt-get install prometheus"
	# The package enables and starts a Prometheus server; this machine only needed promtool.
	if [ -d /run/systemd/system ]; then
		systemctl disable --now prometheus.service >/dev/null 2>&1 || true
	elif [ -x /etc/init.d/prometheus ]; then
		/etc/init.d/prometheus stop >/dev/null 2>&1 || true
		update-rc.d prometheus disable >/dev/null 2>&1 || true
	fi
	command -v promtool >/dev/null 2>&1 || fail "promtool still missing after installing prometheus"
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to check the Grafana dashboard"
echo "promtool: $(promtool --version 2>&1 | head -n 1)"

step "promtool check rules prometheus/alerts.yml"
promtool check rules "$prom/alerts.yml" || fail "alerts.yml: promtool check rules"

step "promtool check config prometheus/prometheus.yml"
promtool check config "$prom/prometheus.yml" || fail "prometheus.yml: promtool check config"

step "promtool test rules prometheus/alerts.test.yml"
promtool test rules "$prom/alerts.test.yml" || fail "alerts.test.yml: an alert rule test failed (see above)"

step "grafana/depin-validator.json and metric names (metrics.txt)"
python3 - "$mon" <<'PY' || fail "the Grafana dashboard or a metric name (see above)"
"""Checks the dashboard's structure, and that every metric a query of the dashboard or an
expression of alerts.yml names is in metrics.txt."""
import json
import re
import sys

mon = sys.argv[1]
errors = []


def load_metrics(path):
    """metrics.txt: one name a line, `#` comments; names of other sources are followed by their
    marker, [node_exporter] or [prometheus]."""
    names = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        source = "depin-node"
        if len(parts) == 2 and parts[1] in ("[node_exporter]", "[prometheus]"):
            source = parts[1].strip("[]")
        elif len(parts) != 1:
            errors.append(f"metrics.txt:{n}: expected a name and an optional [node_exporter] or [prometheus] marker: {line!r}")
            continue
        if not re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", parts[0]):
            errors.append(f"metrics.txt:{n}: not a metric name: {parts[0]!r}")
        names[parts[0]] = source
    return names


KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "atan2", "inf", "nan"}


def metric_names(expr):
    """The metric names a PromQL expression selects (function names, keywords, label names in
    matchers and grouping clauses, durations and Grafana variables excluded)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)          # label matchers (variables inside them too)
    e = re.sub(r"\[[^\]]*\]", " ", e)         # ranges and subqueries
    e = re.sub(r"\$\{[^}]*\}|\$\w+", " ", e)  # Grafana variables elsewhere
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    found = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        if m.start() > 0 and (e[m.start() - 1].isdigit() or e[m.start() - 1] == "."):
            continue  # the exponent or unit of a number: 1e3, 5m
        if e[m.end():].lstrip().startswith("("):
            continue  # a function or an aggregation
        if m.group(0).lower() in KEYWORDS:
            continue
        found.add(m.group(0))
    return found


def alert_exprs(path):
    """The `expr` of every rule of alerts.yml (plain or block scalars), without a YAML library."""
    lines = open(path, encoding="utf-8").read().splitlines()
    exprs, alerts = [], 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"\s*- alert:", line):
            alerts += 1
        m = re.match(r"(\s*)expr:\s*(.*)$", line)
        if m:
            indent, rest = len(m.group(1)), m.group(2).strip()
            if rest[:1] in (">", "|"):
                body = []
                i += 1
                while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                    body.append(lines[i].strip())
                    i += 1
                exprs.append(" ".join(body))
                continue
            exprs.append(rest.strip("'\""))
        i += 1
    if not exprs or len(exprs) != alerts:
        errors.append(f"alerts.yml: found {len(exprs)} expressions for {alerts} alerts")
    return exprs


known = load_metrics(f"{mon}/metrics.txt")
if not any(s == "depin-node" for s in known.values()):
    errors.append("metrics.txt lists no depin-node metric")


def check_names(where, expr):
    names = metric_names(expr)
    if not names:
        errors.append(f"{where}: no metric name found in {expr!r}")
    for name in sorted(names):
        if name not in known:
            errors.append(f"{where}: metric {name!r} is not in metrics.txt (not exported by the node): {expr!r}")


for n, expr in enumerate(alert_exprs(f"{mon}/prometheus/alerts.yml"), 1):
    check_names(f"alerts.yml rule {n}", expr)

path = f"{mon}/grafana/depin-validator.json"
try:
    dash = json.load(open(path, encoding="utf-8"))
except (OSError, ValueError) as err:
    print(f"check-monitoring: {path}: does not parse: {err}", file=sys.stderr)
    sys.exit(1)

for key in ("uid", "title", "panels", "templating", "schemaVersion"):
    if key not in dash:
        errors.append(f"dashboard: no {key!r}")
variables = {v.get("name"): v for v in dash.get("templating", {}).get("list", [])}
ds_vars = [n for n, v in variables.items() if v.get("type") == "datasource" and v.get("query") == "prometheus"]
if not ds_vars:
    errors.append("dashboard: no Prometheus datasource variable")
ds_refs = {f"${{{n}}}" for n in ds_vars} | {f"${n}" for n in ds_vars}

for name, var in variables.items():
    if var.get("type") != "query":
        continue
    q = var.get("query")
    q = q.get("query", "") if isinstance(q, dict) else (q or "")
    m = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", q)
    check_names(f"variable {name!r}", m.group(1) if m else q)
    if (var.get("datasource") or {}).get("uid") not in ds_refs:
        errors.append(f"variable {name!r}: datasource is not the datasource variable")


def walk(panels):
    for p in panels:
        yield p
        yield from walk(p.get("panels", []))


ids, rows, data_panels = set(), [], 0
all_panels = list(walk(dash.get("panels", [])))
for p in all_panels:
    title = p.get("title", "?")
    where = f"panel {p.get('id')} {title!r}"
    if p.get("id") in ids or not isinstance(p.get("id"), int):
        errors.append(f"{where}: missing or duplicate id")
    ids.add(p.get("id"))
    if not {"x", "y", "w", "h"} <= set(p.get("gridPos", {})):
        errors.append(f"{where}: no gridPos")
    kind = p.get("type")
    if kind == "row":
        rows.append(p)
        continue
    if kind == "text":
        if not p.get("options", {}).get("content", "").strip():
            errors.append(f"{where}: empty text panel")
        continue
    data_panels += 1
    if (p.get("datasource") or {}).get("uid") not in ds_refs:
        errors.append(f"{where}: datasource is not the datasource variable")
    targets = p.get("targets") or []
    if not targets:
        errors.append(f"{where}: no query")
    for t in targets:
        expr = t.get("expr", "")
        if not expr.strip():
            errors.append(f"{where}: target {t.get('refId')} has no expr")
            continue
        if (t.get("datasource") or {}).get("uid") not in ds_refs:
            errors.append(f"{where}: target {t.get('refId')}: datasource is not the datasource variable")
        check_names(where, expr)

# The DePIN row: a text panel naming the depin_* metrics it shows.
ordered = sorted(all_panels, key=lambda p: (p.get("gridPos", {}).get("y", 0), p.get("gridPos", {}).get("x", 0)))
depin_rows = [r for r in rows if "depin" in r.get("title", "").lower()]
if not depin_rows:
    errors.append("dashboard: no DePIN row")
else:
    start = ordered.index(depin_rows[0])
    after = []
    for p in ordered[start + 1:]:
        if p.get("type") == "row":
            break
        after.append(p)
    after += depin_rows[0].get("panels", [])
    if not any(p.get("type") == "text" and "depin_" in p.get("options", {}).get("content", "") for p in after):
        errors.append("dashboard: the DePIN row has no text panel naming the depin_* metrics")

if errors:
    for e in errors:
        print(f"check-monitoring: {e}", file=sys.stderr)
    sys.exit(1)
print(f"dashboard: {len(all_panels)} panels ({data_panels} with queries, {len(rows)} rows); "
      f"every metric named is in metrics.txt ({len(known)} names)")
PY

echo "check-monitoring: all checks passed"
