"""The translator's QA page: every issue of a bilingual file, sortable and filterable, each explained.

Self-contained HTML (inline CSS and one inline script).  Every piece of text from the file is
escaped; the issues travel to the script as JSON inside ``<script type="application/json">`` with
``<``, ``>`` and ``&`` escaped, and a Content-Security-Policy lets only the page's own script run
(its hash), so nothing a text holds can execute even if it slipped through.

In the page: filters by kind and severity, counts per kind, sorting by any column, keyboard
navigation (``j``/``k`` or arrows move, ``d`` dismisses, ``u`` restores), and "Save decisions",
which downloads the decisions file (JSON) that ``corpus-tool qa --decisions`` and ``review`` honour.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Sequence

from ..check.qa import EXPLAINED, Decisions, QAIssue
from .review import _CSS

_QA_CSS = """
.bar{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;margin:1em 0;padding:.6em;background:#f6f6f6}
.bar label{white-space:nowrap}th{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}tr.issue:focus{outline:2px solid #36c;outline-offset:-2px}
tr.dismissed{opacity:.45}tr.dismissed td.msg{text-decoration:line-through}td.sev{text-align:right;width:3em}
.why{color:#666;font-size:13px;margin-top:.2em}.kind{font-weight:600;white-space:nowrap}.keys{color:#666}
mark.hit{background:#ffd0d0}
"""

_SCRIPT = r"""
(function(){
"use strict";
var data = JSON.parse(document.getElementById("qa-data").textContent);
var dismissed = {};
Object.keys(data.dismissed).forEach(function(k){ dismissed[k] = data.dismissed[k]; });
var rows = Array.prototype.slice.call(document.querySelectorAll("tr.issue"));
var tbody = document.getElementById("issues");
var minSev = document.getElementById("min-severity");
var showDismissed = document.getElementById("show-dismissed");
var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("input.kind-filter"));
var shown = document.getElementById("shown");
function visible(r){ return r.style.display !== "none"; }
function apply(){
  var kinds = {}; kindBoxes.forEach(function(b){ kinds[b.value] = b.checked; });
  var min = parseFloat(minSev.value) || 0, n = 0;
  rows.forEach(function(r){
    var isDismissed = Object.prototype.hasOwnProperty.call(dismissed, r.dataset.id);
    r.classList.toggle("dismissed", isDismissed);
    r.querySelector("button.dismiss").textContent = isDismissed ? "Restore" : "No issue";
    var ok = kinds[r.dataset.kind] && parseFloat(r.dataset.severity) >= min &&
      (showDismissed.checked || !isDismissed);
    r.style.display = ok ? "" : "none";
    if (ok) n++;
  });
  shown.textContent = String(n);
  var open = {};
  rows.forEach(function(r){
    if (!Object.prototype.hasOwnProperty.call(dismissed, r.dataset.id)) {
      open[r.dataset.kind] = (open[r.dataset.kind] || 0) + 1;
    }
  });
  Array.prototype.slice.call(document.querySelectorAll(".count[data-kind]")).forEach(function(c){
    c.textContent = String(open[c.dataset.kind] || 0);
  });
  document.getElementById("dismissed-count").textContent = String(Object.keys(dismissed).length);
}
function toggle(r){
  var id = r.dataset.id;
  if (Object.prototype.hasOwnProperty.call(dismissed, id)) { delete dismissed[id]; }
  else { dismissed[id] = {kind: r.dataset.kind, message: r.querySelector("td.msg .text").textContent}; }
  apply();
}
rows.forEach(function(r){
  r.querySelector("button.dismiss").addEventListener("click", function(ev){
    ev.stopPropagation(); toggle(r); r.focus();
  });
});
kindBoxes.forEach(function(b){ b.addEventListener("change", apply); });
minSev.addEventListener("change", apply); minSev.addEventListener("input", apply);
showDismissed.addEventListener("change", apply);
var sortState = {};
Array.prototype.slice.call(document.querySelectorAll("th[data-sort]")).forEach(function(th){
  th.addEventListener("click", function(){
    var key = th.dataset.sort, numeric = th.dataset.numeric === "1";
    var dir = sortState.key === key && sortState.dir === 1 ? -1 : 1;
    sortState = {key: key, dir: dir};
    document.querySelectorAll("th[data-sort]").forEach(function(h){ h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function(a, b){
      var x = a.dataset[key], y = b.dataset[key];
      if (numeric) { x = parseFloat(x); y = parseFloat(y); }
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    rows.forEach(function(r){ tbody.appendChild(r); });
  });
});
function move(step){
  var list = rows.filter(visible); if (!list.length) return;
  var at = list.indexOf(document.activeElement);
  var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
  list[next].focus();
}
document.addEventListener("keydown", function(ev){
  if (ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT")) return;
  var r = document.activeElement && document.activeElement.classList.contains("issue") ? document.activeElement : null;
  if (ev.key === "j" || ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
  else if (ev.key === "k" || ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
  else if ((ev.key === "d" || ev.key === "u") && r) {
    var isDismissed = Object.prototype.hasOwnProperty.call(dismissed, r.dataset.id);
    if ((ev.key === "d") !== isDismissed) toggle(r);
    if (ev.key === "d" && !showDismissed.checked) move(1);
  }
});
document.getElementById("save").addEventListener("click", function(){
  var body = JSON.stringify({format: "corpus-tool decisions", version: 1, dismissed: dismissed}, null, 2) + "\n";
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], {type: "application/json"}));
  link.download = data.decisionsName;
  document.body.appendChild(link); link.click(); link.remove();
});
apply();
})();
"""


def _json_for_script(value: object) -> str:
    return (json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _marked(text: str, needle: str | None) -> str:
    """``text`` escaped, the first occurrence of ``needle`` marked."""
    at = text.find(needle) if needle else -1
    if at < 0 or not needle:
        return html.escape(text)
    return (html.escape(text[:at]) + '<mark class="hit">' + html.escape(needle) + "</mark>"
            + html.escape(text[at + len(needle):]))


def render_qa_html(issues: Sequence[QAIssue], *, title: str, src_lang: str | None, tgt_lang: str | None,
                   units: int, decisions: Decisions | None = None, decisions_name: str = "decisions.json") -> str:
    e = html.escape
    decisions = decisions or Decisions()
    counts = Counter(i.kind for i in issues if not i.dismissed)
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
             f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
             f"<title>QA: {e(title)}</title><style>{_CSS}{_QA_CSS}</style></head><body>"
             f"<h1>Translation QA</h1><p class=\"meta\"><b>{e(title)}</b> ({e(src_lang or '?')} → "
             f"{e(tgt_lang or '?')}): {units} units, {sum(counts.values())} issues, "
             f'<span id="dismissed-count">{len(decisions.dismissed)}</span> dismissed. '
             f'<span class="keys">Keys: j/k or ↓/↑ move, d no issue, u restore.</span></p>',
             '<div class="bar" role="group" aria-label="filters">']
    for kind in sorted({i.kind for i in issues}):
        parts.append(f'<label><input type="checkbox" class="kind-filter" value="{e(kind)}" checked> '
                     f'{e(kind)} (<span class="count" data-kind="{e(kind)}">{counts.get(kind, 0)}</span>)</label>')
    parts.append('<label>severity ≥ <select id="min-severity">'
                 + "".join(f'<option value="{v}">{v}</option>' for v in (0, 40, 50, 60, 70))
                 + '</select></label><label><input type="checkbox" id="show-dismissed"> show dismissed</label>'
                 '<button type="button" id="save">Save decisions</button> '
                 '<span>showing <b id="shown"></b></span></div>')
    parts.append('<table><thead><tr><th data-sort="unit" data-numeric="1">unit</th>'
                 '<th data-sort="kind">kind</th><th data-sort="severity" data-numeric="1">severity</th>'
                 '<th>issue</th><th>source</th><th>target</th><th></th></tr></thead><tbody id="issues">')
    for issue in sorted(issues, key=lambda i: (i.unit, -i.severity)):
        parts.append(
            f'<tr class="issue" tabindex="0" data-id="{e(issue.id)}" data-kind="{e(issue.kind)}" '
            f'data-severity="{issue.severity:g}" data-unit="{issue.unit}">'
            f'<td class="pos" title="{e(issue.unit_id)}">{issue.unit + 1}</td>'
            f'<td class="kind">{e(issue.kind)}</td><td class="sev">{issue.severity:.0f}</td>'
            f'<td class="msg"><span class="text">{e(issue.message)}</span>'
            f'<div class="why">{e(EXPLAINED.get(issue.kind, ""))} ITS type: {e(issue.its_type)}. '
            f"id {e(issue.id)}</div></td>"
            f"<td>{_marked(issue.source, issue.value)}</td><td>{_marked(issue.target, issue.other_value)}</td>"
            f'<td><button type="button" class="dismiss">No issue</button></td></tr>')
    parts.append("</tbody></table>")
    data = {"dismissed": decisions.dismissed, "decisionsName": decisions_name}
    parts.append(f'<script type="application/json" id="qa-data">{_json_for_script(data)}</script>')
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)
