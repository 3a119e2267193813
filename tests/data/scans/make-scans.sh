#!/usr/bin/env bash
# Makes the scan fixtures (issue 31): the sample report's table pages as a scanner writes them —
# the PDF nianbao exports, rendered at 150 dpi, saved as JPEG at quality 40 and wrapped in an
# image-only PDF. Run by hand when the layout changes; the PDFs are committed.
#   needs Debian's poppler-utils and imagemagick, and img2pdf (pip install img2pdf: it wraps the JPEG as it is)
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
NIANBAO_SYSTEM_FONTS=0 cargo run --quiet --release -- export ../../../assets/sample-gov2021.ron --pdf "$work/sample.pdf" >/dev/null
# The page with table 二 and the heading of 三, table 三, the rest of it with table 四.
pdftoppm -r 150 -f 3 -l 5 -jpeg -jpegopt quality=40 "$work/sample.pdf" "$work/p"
img2pdf --output sample-pages3-5-150dpi-q40.pdf "$work"/p*.jpg
# The same pages put on the glass askew: turned 1.5°, −2° and 2° (ImageMagick: clockwise for a
# positive angle), white where the page moved away, cut back to A4 at 150 dpi.
n=0
for a in 1.5 -2 2; do
  n=$((n + 1))
  f=$(ls "$work"/p*.jpg | sed -n "${n}p")
  convert "$f" -background white -rotate "$a" -gravity center -extent 1241x1754 -quality 40 "$work/r$n.jpg"
done
img2pdf --output sample-pages3-5-150dpi-q40-rotated.pdf "$work"/r1.jpg "$work"/r2.jpg "$work"/r3.jpg
rm -rf "$work"
