// Report styles: constant text (never built from data), readable on screen and printed on A4.
export const REPORT_CSS = `
:root { --ink:#1d2330; --muted:#5b6474; --line:#d9dee7; --accent:#1f4f8f; --bg:#f6f8fb; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 10.5pt/1.45 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header.cover { padding: 28px 36px 18px; border-bottom: 4px solid var(--accent); background: var(--bg); }
.kicker { margin: 0; color: var(--muted); font-size: 9pt; letter-spacing: .04em; text-transform: uppercase; }
.kicker .id { text-transform: none; letter-spacing: 0; font-family: Consolas, "Cascadia Mono", Menlo, monospace; }
#scope th:nth-child(3), #assets th:nth-child(4), #iocs th:nth-child(5), #techniques th:nth-child(4) { width: 8%; }
#timeline th:nth-child(1), #actions th:nth-child(1) { width: 15%; } #timeline th:nth-child(2) { width: 10%; } #timeline th:nth-child(3) { width: 27%; } #timeline th:nth-child(6) { width: 22%; }
#assets th:nth-child(1), #iocs th:nth-child(1), #techniques th:nth-child(1) { width: 12%; } #assets th:nth-child(2), #iocs th:nth-child(2) { width: 45%; }
#iocs th:nth-child(3), #iocs th:nth-child(4) { width: 14%; }
h1 { margin: 6px 0 14px; font-size: 20pt; line-height: 1.2; overflow-wrap: anywhere; }
h2 { margin: 28px 0 10px; padding-bottom: 4px; font-size: 13.5pt; color: var(--accent); border-bottom: 1px solid var(--line); break-after: avoid; page-break-after: avoid; }
h3 { margin: 16px 0 6px; font-size: 11pt; break-after: avoid; }
h4 { margin: 12px 0 4px; font-size: 10pt; break-after: avoid; }
main { padding: 4px 36px 24px; }
section { margin-bottom: 8px; }
p { margin: 6px 0; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px 18px; margin: 0; }
dl.facts div { min-width: 0; }
dt { color: var(--muted); font-size: 8.5pt; text-transform: uppercase; letter-spacing: .03em; }
dd { margin: 0; overflow-wrap: anywhere; }
.tags { margin-top: 10px; }
.tag { display: inline-block; margin: 0 4px 4px 0; padding: 1px 8px; border: 1px solid var(--line); border-radius: 10px; background: #fff; font-size: 9pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; }
thead { display: table-header-group; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
th { background: var(--bg); font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
.val, .ent { font-family: Consolas, "Cascadia Mono", Menlo, monospace; font-size: 8.5pt; }
.ent { display: block; }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 8.5pt; font-weight: 600; text-transform: capitalize; color: #fff; background: #6b7280; }
.sev-critical { background: #7f1d1d; } .sev-high { background: #c2410c; } .sev-medium { background: #b7791f; } .sev-low { background: #2f6f9f; } .sev-informational { background: #6b7280; }
ol.killchain { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 4px; padding: 0; margin: 0; list-style: none; }
ol.killchain li { min-height: 54px; padding: 6px; border: 1px solid var(--line); border-radius: 4px; font-size: 8.5pt; display: flex; flex-direction: column; justify-content: space-between; }
ol.killchain li.hit { background: rgba(194, 65, 12, var(--level, .5)); color: #fff; border-color: transparent; }
ol.killchain li.miss { color: var(--muted); }
.tcount { font-size: 13pt; font-weight: 700; }
img.graph { max-width: 100%; border: 1px solid var(--line); }
ul.reasons li { margin: 2px 0; overflow-wrap: anywhere; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { position: relative; margin: 4px 0; padding-left: 22px; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.checklist li::before { content: "\\2610"; position: absolute; left: 0; font-size: 12pt; line-height: 1.1; }
ul.checklist li.done::before { content: "\\2611"; }
.note { margin-top: 2px; color: var(--muted); font-style: italic; }
article.comment { margin: 8px 0; padding: 8px 10px; border-left: 3px solid var(--accent); background: var(--bg); break-inside: avoid; }
article.comment .meta { margin: 0 0 4px; color: var(--muted); font-size: 8.5pt; }
article.comment .body, .summary p { white-space: pre-wrap; }
.empty, .more { color: var(--muted); font-style: italic; }
footer { padding: 12px 36px 24px; border-top: 1px solid var(--line); color: var(--muted); font-size: 8pt; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 9.5pt; }
  header.cover { padding: 0 0 12px; background: none; }
  main, footer { padding-left: 0; padding-right: 0; }
  section#timeline, section#iocs, section#guidance { break-before: page; page-break-before: always; }
  ol.killchain li.hit { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .sev { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
