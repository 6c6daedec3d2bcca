"""German for the texts Streamlit's widgets draw themselves (frontend strings, no Python option).

Streamlit 1.67 has no setting for these: the selection fields say "No results", the file
upload field "Upload" and "1MB per file", their buttons carry English ``aria-label``s. A small
script in the shared sidebar (:func:`script`) replaces exactly these texts in the page – the
visible text and what screen readers read – whenever Streamlit draws them. Placeholders and
labels are set in Python (``placeholder=…``), not here. Documented in docs/barrierefreiheit.md.
"""

from __future__ import annotations

import json

#: exact texts (trimmed) → German, in text nodes and in aria-label/title attributes
TEXTS = {
    "No results": "Keine Treffer",
    "Upload": "Datei wählen",
    "Upload directories": "Ordner wählen",
    "Browse files": "Datei wählen",
    "Add files": "Dateien hinzufügen",
    "Drag and drop file here": "Datei hierher ziehen",
    "Drag and drop a file here": "Datei hierher ziehen",
    "Drag and drop files here": "Dateien hierher ziehen",
    "Drag and drop directories here": "Ordner hierher ziehen",
    "Clear all": "Alle entfernen",
    "Clear value": "Auswahl löschen",
    "Select all": "Alle auswählen",
    "Selected values": "Ausgewählte Werte",
    "Selectbox options": "Auswahlmöglichkeiten",
    "Multiselect options": "Auswahlmöglichkeiten",
    "Open": "Öffnen",
}
#: (regular expression, German with $1 …) for texts with a number or name in them
PATTERNS = [
    (r"^(\d+(?:\.\d+)?)\s?([KMG]?B) per file$", "höchstens $1 $2 je Datei"),
    (
        r"^You can only select up to (\d+) options?\. Remove an option first\.$",
        "Höchstens $1 auswählbar. Bitte zuerst eine Auswahl entfernen.",
    ),
    (r"^Select (\d+) matches$", "$1 Treffer auswählen"),
    (r"^Remove (.+)$", "$1 entfernen"),
]

_JS = """
<script>
(function () {
  if (window.__planungsatlasGerman) { return; }
  window.__planungsatlasGerman = true;
  var texts = %(texts)s;
  var patterns = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function german(text) {
    var t = text.trim();
    if (!t || t.length > 120) { return null; }
    if (Object.prototype.hasOwnProperty.call(texts, t)) { return text.replace(t, texts[t]); }
    for (var i = 0; i < patterns.length; i++) {
      if (patterns[i][0].test(t)) { return text.replace(t, t.replace(patterns[i][0], patterns[i][1])); }
    }
    return null;
  }
  function fixElement(el) {
    ['aria-label', 'title'].forEach(function (a) {
      var v = el.getAttribute && el.getAttribute(a);
      var g = v && german(v);
      if (g && g !== v) { el.setAttribute(a, g); }
    });
  }
  function fix(root) {
    if (root.nodeType === 3) {
      var g = german(root.nodeValue);
      if (g && g !== root.nodeValue) { root.nodeValue = g; }
      return;
    }
    if (root.nodeType !== 1) { return; }
    fixElement(root);
    root.querySelectorAll('[aria-label], [title]').forEach(fixElement);
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var n;
    while ((n = walk.nextNode())) {
      var t = german(n.nodeValue);
      if (t && t !== n.nodeValue) { n.nodeValue = t; }
    }
  }
  fix(document.body);
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === 'characterData') { fix(r.target); }
      else if (r.type === 'attributes') { fixElement(r.target); }
      else { r.addedNodes.forEach(fix); }
    });
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
                             attributes: true, attributeFilter: ['aria-label', 'title']});
})();
</script>
"""


def script() -> str:
    """The ``<script>`` that puts the widgets' own texts into German (for ``st.html``)."""
    return _JS % {"texts": json.dumps(TEXTS), "patterns": json.dumps(PATTERNS)}
