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
