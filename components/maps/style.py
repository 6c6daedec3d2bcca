"""Map styling shared by every map: colours and plain-text tooltips."""

from __future__ import annotations

import html
import re

NO_DATA_RGB = (204, 204, 204)
OUTLINE_RGB = (255, 255, 255)
HIGHLIGHT_RGB = (0, 0, 0)
#: operator type → colour (Okabe–Ito, colour-blind safe) for facility points
OPERATOR_RGB = {
    "öffentlich": (0, 114, 178),
    "frei-gemeinnützig": (0, 158, 115),
    "privat": (213, 94, 0),
    "unbekannt": (120, 120, 120),
}


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:b|i|strong|em|span)[^>]*>", re.IGNORECASE)


def plain_tip(text: object) -> str:
    """Tooltip text for deck.gl's text tooltip: line breaks as newlines, no markup.

    Streamlit HTML-escapes the values it puts into an ``html`` tooltip template, so markup in a
    value would show as literal tags; the decks therefore use ``{"text": "{tip}"}`` and every
    tooltip passes through here.

    >>> print(plain_tip("<b>Gartenfeld</b><br/>Anteil: . %<br><i>Geheimhaltung</i>"))
    Gartenfeld
    Anteil: . %
    Geheimhaltung
    >>> plain_tip("<b>A &amp; B &lt;Süd&gt;</b>")
    'A & B <Süd>'
    """
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", str(text))))


#: The tooltip of every deck: plain text, large enough to read on a projector.
TOOLTIP = {
    "text": "{tip}",
    "style": {"fontSize": "15px", "backgroundColor": "#1b1b1b", "color": "#fff"},
}
