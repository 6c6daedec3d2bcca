"""Laying out a :class:`components.pdf.Document` with fpdf2 (A4, DejaVu Sans).

Imported by :func:`components.pdf.render` when a PDF is made: fpdf2 takes ≈ 0.2 s to
import, which a page that only offers a PDF button should not pay on its first run (#17).
"""

from __future__ import annotations

import pandas as pd
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from components import steps
from components.pdf import FONT, FONT_DIR, GREY, MARGIN, RULE, TEXT, Document


class _PDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*GREY)
        width = self.w - 2 * MARGIN
        size = 7.5
        while size > 5 and self.get_string_width(self.footer_text) > width * 0.8:
            size -= 0.5  # the whole footer (data version, date), never cut
            self.set_font(FONT, size=size)
        self.cell(width * 0.8, 5, self.footer_text, align="L")
        self.set_font(FONT, size=7.5)
        self.cell(width * 0.2, 5, f"Seite {self.page_no()} von {{nb}}", align="R")


def _new_pdf(footer: str) -> _PDF:
    pdf = _PDF(orientation="P", unit="mm", format="A4")
    pdf.footer_text = footer
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.alias_nb_pages()
    pdf.set_lang("de-DE")
    return pdf


#: table type sizes tried in turn until every word fits its column (pt)
TABLE_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5)
#: room for the cell padding left and right of a word (mm)
CELL_PAD = 2.2


def _words(text: str) -> list[str]:
    """Parts a cell may be broken into: words, split after hyphens (never inside a date)."""
    out: list[str] = []
    for word in text.split():
        out += [p + "-" for p in word.split("-")[:-1]] + [word.split("-")[-1]]
    return [w for w in out if w]


def _layout(pdf: FPDF, frame: pd.DataFrame, total: float) -> tuple[float, list[float]]:
    """Type size and column widths so that no word or date is broken inside a column.

    Each column is at least as wide as its longest word (header in bold, cells regular); the
    rest of the page width goes to the columns whose full text is longer. If the longest words
    do not fit side by side at 8 pt, the table is set smaller (down to 5.5 pt).
    """
    texts = [(str(col), [str(v) for v in frame[col]]) for col in frame.columns]
    size, minimum, natural = TABLE_SIZES[-1], [0.0] * len(texts), [0.0] * len(texts)
    for size in TABLE_SIZES:
        minimum, natural = [], []
        for head, cells in texts:
            pdf.set_font(FONT, "B", size)
            head_words = [pdf.get_string_width(w) for w in _words(head)] or [0.0]
            head_full = pdf.get_string_width(head)
            pdf.set_font(FONT, "", size)
            cell_words = [pdf.get_string_width(w) for c in cells for w in _words(c)] or [0.0]
            cell_full = max((pdf.get_string_width(c) for c in cells), default=0.0)
            minimum.append(max(*head_words, *cell_words, 4.0) + CELL_PAD)
            natural.append(max(cell_full, head_full * 0.6, 4.0) + CELL_PAD)
        if sum(minimum) <= total:
            break
    widths = list(minimum)
    spare = total - sum(widths)
    if spare > 0:
        wants = [max(n - m, 0.0) for n, m in zip(natural, minimum, strict=True)]
        want = sum(wants)
        if want > spare:
            widths = [m + spare * w / want for m, w in zip(minimum, wants, strict=True)]
        else:
            grown = [m + w for m, w in zip(minimum, wants, strict=True)]
            widths = [g * total / sum(grown) for g in grown]
    else:
        widths = [w * total / sum(widths) for w in widths]
    return size, widths


def _table(pdf: _PDF, frame: pd.DataFrame) -> None:
    size, widths = _layout(pdf, frame, pdf.w - 2 * MARGIN)
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*TEXT)
    with pdf.table(
        col_widths=widths,
        text_align=["LEFT"] + ["RIGHT"] * (len(frame.columns) - 1),
        line_height=size * 0.58,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 242, 250)),
        first_row_as_headings=True,
        borders_layout="HORIZONTAL_LINES",
        wrapmode=WrapMode.WORD,
    ) as table:
        head = table.row()
        for col in frame.columns:
            head.cell(str(col))
        for values in frame.astype(str).itertuples(index=False):
            row = table.row()
            for value in values:
                row.cell(str(value))
    pdf.ln(2)


def _heading(pdf: _PDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11.5)
    pdf.set_text_color(*RULE)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)


def _paragraph(
    pdf: _PDF, text: str, size: float = 8.5, colour: tuple[int, int, int] = TEXT
) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT)


def _image(pdf: _PDF, png: bytes, caption: str) -> None:
    import io

    width = pdf.w - 2 * MARGIN
    pdf.image(io.BytesIO(png), x=MARGIN, w=width, h=width * 0.5, keep_aspect_ratio=True)
    if caption:
        _paragraph(pdf, caption, 7.5, GREY)


def render(doc: Document) -> bytes:
    """The document as PDF bytes (A4 portrait); see :func:`components.pdf.render`."""
    steps.step(f"PDF setzen ({len(doc.sections)} Abschnitte)")
    pdf = _new_pdf(doc.footer)
    pdf.set_title(doc.title)
    pdf.set_author("Planungsatlas")
    pdf.set_creator("Planungsatlas")
    pdf.set_subject(doc.footer)
    pdf.add_page()
    pdf.set_font(FONT, "B", 17)
    pdf.multi_cell(0, 8, doc.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _paragraph(pdf, doc.subtitle, 9.5, GREY)
    pdf.ln(2)
    if doc.image_png:
        _image(pdf, doc.image_png, doc.image_caption)
    for section in doc.sections:
        if section.new_page:
            pdf.add_page()
        _heading(pdf, section.heading)
        if section.note:
            _paragraph(pdf, section.note)
            pdf.ln(1)
        if section.table is not None and not section.table.empty:
            _table(pdf, section.table)
        if section.image_png:
            if pdf.get_y() > pdf.h - 120:
                pdf.add_page()
            _image(pdf, section.image_png, section.image_caption)
    _heading(pdf, "Quellen, Datenstand und Link")
    for line in doc.sources:
        _paragraph(pdf, f"• {line}", 7.8)
    _paragraph(pdf, doc.footer, 7.8)
    if doc.permalink:
        _paragraph(
            pdf, "Link zu dieser Ansicht (öffnet Indikator, Gebiete und Einstellungen):", 7.8
        )
        size = 7.8
        pdf.set_font(FONT, size=size)
        while size > 5 and pdf.get_string_width(doc.permalink) > pdf.w - 2 * MARGIN - 2:
            size -= 0.25  # the link on one line where possible (a line break inside it misleads)
            pdf.set_font(FONT, size=size)
        pdf.set_text_color(*RULE)
        pdf.multi_cell(0, 4, doc.permalink, link=doc.permalink)
    return bytes(pdf.output())
