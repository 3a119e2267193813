"""Writes the seeds of the inputs that once took the process down (issue 26), so that the
fuzzers start from them: a page nested 100 000 levels deep, a table of 210 000 cells (past the
element cap), a Word file whose document part inflates to 96 MiB, a PDF object stream that
inflates to 64 MiB, drafts with a BOM, an unknown field and a newer version, and registers
with a broken date and a GBK title. tests/it/fuzz_seeds.rs runs every seed through what its
target runs, so the suite keeps them honest.

    python3 fuzz/seeds/make-bombs.py
"""
import io
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def write(target, name, data):
    d = HERE / target
    d.mkdir(exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


write("import_html", "deep-divs-100k.html", "<html><body>" + "<div>" * 100_000 + "一、总体情况")
write("import_html", "nested-tables-2k.html", "<table><tr><td>" * 2_000 + "1")
write(
    "import_html",
    "wide-table-210k-cells.html",
    "<table><tr><th>本年新收政府信息公开申请数量" + "<td>1" * 210_000 + "</table>",
)

doc = io.BytesIO()
with zipfile.ZipFile(doc, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    z.writestr("word/document.xml", body + b"<w:p/>" * (16 << 20))
write("import_docx", "document-inflates-to-96mib.docx", doc.getvalue())

shutil.copy(ROOT / "tests/data/pdf/inflates-to-64mib.pdf", HERE / "import_pdf_small" / "inflates-to-64mib.pdf")

sample = (ROOT / "assets/sample-gov2021.ron").read_text(encoding="utf-8")
write("draft_ron", "bom.ron", b"\xef\xbb\xbf" + sample.encode("utf-8"))
write("draft_ron", "unknown-field.ron", sample.replace("cells:", "colour: 3,\n    cells:", 1))
write("draft_ron", "newer-version.ron", sample.replace("version: 1,", "version: 99,", 1))

write(
    "register_csv",
    "title-and-dates.csv",
    "某某局2025年政府信息公开申请登记台账\n"
    "序号,申请人,申请人类型,收到日期,答复日期,答复结果,不予公开理由\n"
    "1,甲,个人,2025-03-05,2025-03-20,予以公开,\n"
    "2,乙,法人或其他组织,2025年4月1日,2025年4月15日,不予公开,属于国家秘密\n"
    "3,丙,公民,2025/13/45,,待答复,\n"
    "4,丁,个人,45000,45010,部分公开,\n",
)
write(
    "register_csv",
    "gbk-cases.csv",
    "案件类型,收到日期,审理结果,审结日期\n行政复议,2025-02-01,维持,2025-04-01\n行政诉讼,2025-03-01,,\n".encode("gbk"),
)
