"""Writes tests/data/published-report.docx: the report of published-page.html as a clerk's Word
document — the title broken over two lines, headings in bold runs, the three tables with their
merged cells (gridSpan / vMerge, as Word writes them), labels broken with line breaks, the
signature right-aligned — without the web page's navigation and footer.

    pip install python-docx
    python3 tests/data/make-docx.py
"""
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).parent
SKIP_CLASSES = {"top", "info", "footer"}


class Page(HTMLParser):
    """The article as a list of blocks: ("p", runs, align) and ("table", rows)."""

    def __init__(self):
        super().__init__()
        self.blocks = []
        self.skip = 0  # depth inside a skipped div
        self.para = None  # runs of the current paragraph: [text, bold] ("\n" = line break)
        self.align = None
        self.bold = 0
        self.rows = None  # the current table: rows of [runs, rowspan, colspan]
        self.cell = None
        self.hidden = None  # inside <script>, <style> or <title>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.skip:
            if tag == "div":
                self.skip += 1
            return
        if tag == "div" and a.get("class") in SKIP_CLASSES:
            self.skip = 1
        elif tag in ("script", "style", "title"):
            self.hidden = tag
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = [[], int(a.get("rowspan", 1)), int(a.get("colspan", 1))]
            self.rows[-1].append(self.cell)
        elif tag in ("p", "h1") and self.cell is None:
            self.para = []
            self.align = "center" if tag == "h1" else a.get("align")
        elif tag == "br":
            self.runs().append(["\n", False])
        elif tag == "strong":
            self.bold += 1

    def handle_endtag(self, tag):
        if self.skip:
            if tag == "div":
                self.skip -= 1
            return
        if tag == self.hidden:
            self.hidden = None
        if tag in ("p", "h1") and self.para is not None and self.cell is None:
            self.blocks.append(("p", self.para, self.align))
            self.para = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "table":
            self.blocks.append(("table", self.rows))
            self.rows = None
        elif tag == "strong":
            self.bold -= 1

    def runs(self):
        if self.cell is not None:
            return self.cell[0]
        if self.para is None:
            self.para = []
        return self.para

    def handle_data(self, data):
        if self.skip or self.hidden:
            return
        text = " ".join(data.split())
        if text:
            self.runs().append([text.replace("\u00a0", " "), self.bold > 0])


def write_runs(paragraph, runs):
    for text, bold in runs:
        run = paragraph.add_run()
        if text == "\n":
            run.add_break()
        else:
            run.text = text
            run.bold = bold


def main():
    page = Page()
    page.feed((HERE / "published-page.html").read_text(encoding="utf-8"))
    d = docx.Document()
    for block in page.blocks:
        if block[0] == "p":
            _, runs, align = block
            p = d.add_paragraph()
            write_runs(p, runs)
            if align == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif align == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        rows = block[1]
        # Place every cell on the grid, as a browser lays out rowspan/colspan.
        taken = {}
        placed = []
        for r, row in enumerate(rows):
            c = 0
            for runs, rs, cs in row:
                while (r, c) in taken:
                    c += 1
                placed.append((r, c, rs, cs, runs))
                for i in range(rs):
                    for j in range(cs):
                        taken[(r + i, c + j)] = True
                c += cs
        ncols = max(c for _, c in taken) + 1
        table = d.add_table(rows=len(rows), cols=ncols)
        table.style = "Table Grid"
        for r, c, rs, cs, runs in placed:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            write_runs(cell.paragraphs[0], runs)
    d.core_properties.title = "政府信息公开工作年度报告"
    d.save(HERE / "published-report.docx")


if __name__ == "__main__":
    main()
