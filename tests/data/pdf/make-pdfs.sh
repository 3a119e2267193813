#!/usr/bin/env bash
# Makes the PDF fixtures the way agencies make them, from the sample's Word document and saved
# web page (both in tests/data). Run by hand when they change; the PDFs are committed, so the
# tests need neither program.
#   apt-get install libreoffice-writer-nogui chromium fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
cp ../published-report.docx "$work/"
soffice --headless --convert-to pdf --outdir "$work" "$work/published-report.docx" >/dev/null
cp "$work/published-report.pdf" published-report-libreoffice.pdf
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$work/published-page.pdf" "file://$(realpath ../published-page.html)" 2>/dev/null
cp "$work/published-page.pdf" published-page-chromium.pdf
rm -rf "$work"
