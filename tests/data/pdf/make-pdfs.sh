#!/usr/bin/env bash
# Makes the PDF fixtures the way agencies make them, from the sample's Word document and saved
# web page (both in tests/data). Run by hand when they change; the PDFs are committed, so the
# tests need neither program.
#   needs Debian's libreoffice-writer-nogui, chromium and fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
cp ../published-report.docx "$work/"
soffice --headless --convert-to pdf --outdir "$work" "$work/published-report.docx" >/dev/null
cp "$work/published-report.pdf" published-report-libreoffice.pdf
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$work/published-page.pdf" "file://$(realpath ../published-page.html)" 2>/dev/null
cp "$work/published-page.pdf" published-page-chromium.pdf
# The 霍山 seed's own PDF, encrypted: with a password to open it (refused), and with only an
# owner password (opens like any PDF).
#   needs Debian's qpdf
cargo run --quiet --release -- export ../huoshan-2021.ron --pdf "$work.pdf" >/dev/null
qpdf --encrypt secret owner 256 -- "$work.pdf" huoshan-encrypted-password.pdf
qpdf --encrypt "" owner 256 -- "$work.pdf" huoshan-encrypted-no-password.pdf
rm -f "$work.pdf"
rm -rf "$work"

# Text copied out of PDFs as a viewer's copy or `pdftotext -layout` gives it: columns aligned with
# spaces, labels wrapped over lines above and below their numbers.
#   needs Debian's poppler-utils
pdftotext -layout published-report-libreoffice.pdf published-report-libreoffice.layout.txt
cargo run --quiet --release -- export ../../../assets/sample-gov2021.ron --pdf "/tmp/nianbao-sample.pdf" >/dev/null
pdftotext -layout /tmp/nianbao-sample.pdf sample-gov2021.layout.txt
rm -f /tmp/nianbao-sample.pdf

# A page whose one content stream inflates to 64 MiB of spaces (65 KB on disk): the cap on
# inflating (issue 26).
python3 - <<'PY'
import zlib
c = zlib.compressobj(9)
data = b"".join(c.compress(b" " * (1 << 20)) for _ in range(64)) + c.flush()
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
out, offs = bytearray(b"%PDF-1.4\n"), []
for k, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n" % (k + 1) + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open("inflates-to-64mib.pdf", "wb").write(out)
PY
