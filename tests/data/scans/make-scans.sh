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

# Issue 31's acceptance scans, from the seeds' exports and the real reports' PDFs.
seeds=../../../../shared/seeds
real=../../../../shared/real-reports
export_seed() { NIANBAO_SYSTEM_FONTS=0 cargo run --quiet --release -- export "$seeds/$1.txt" --pdf "$work/$1.pdf" >/dev/null; }
work=$(mktemp -d)
# 台儿庄 2021, every page at 150 dpi, gray, JPEG q40: the whole report (title, six parts) read
# from a scan, and its published table 三 whose （七）总计 row is wrong although read right.
export_seed taierzhuang-hrss-2021
pdftoppm -r 150 -gray -jpeg -jpegopt quality=40 "$work/taierzhuang-hrss-2021.pdf" "$work/tz"
img2pdf --output taierzhuang-2021-150dpi-q40.pdf "$work"/tz*.jpg
# 六安 2023, the pages of tables 三 and 四 at 300 dpi with scanner noise, the last turned −2°.
export_seed luan-hrss-2023
pdftoppm -r 300 -f 4 -l 6 -gray -png "$work/luan-hrss-2023.pdf" "$work/la"
n=0
for f in "$work"/la*.png; do
  n=$((n + 1))
  turn=0
  [ "$n" = 3 ] && turn=-2
  convert "$f" -seed "$n" -attenuate 0.6 +noise Gaussian -background white -rotate "$turn" \
    -gravity center -extent 2481x3508 -colorspace gray -quality 40 "$work/ln$n.jpg"
done
img2pdf --output luan-2023-p4-6-300dpi-noise.pdf "$work"/ln1.jpg "$work"/ln2.jpg "$work"/ln3.jpg
# 平潭 市场监管局 2021 (a real report's PDF), tables 三 and 四 at 300 dpi in colour, a red seal
# stamped over table 三's cells (its ring, a star and its words, the ink 60 % opaque).
pdftoppm -r 300 -f 3 -l 4 -png "$real/pingtan/09_pingtan-scj-2021.pdf" "$work/pt"
red='rgba(215,25,30,0.6)'
font=../../../fonts/NotoSansSC-Bold-GB2312.otf
convert "$work/pt-3.png" -fill none -stroke "$red" -strokewidth 12 -draw "circle 1900,1750 2140,1750" \
  -fill "$red" -stroke none -draw "polygon 1900,1600 1935,1705 2045,1705 1957,1770 1990,1875 1900,1812 1810,1875 1843,1770 1755,1705 1865,1705" \
  -font "$font" -pointsize 40 -draw "text 1745,1950 '政府信息公开专用章'" -quality 60 "$work/ps3.jpg"
convert "$work/pt-4.png" -quality 60 "$work/ps4.jpg"
img2pdf --output pingtan-scj-2021-p3-4-300dpi-seal.pdf "$work"/ps3.jpg "$work"/ps4.jpg
# 平潭 社会事业局 2023 (a real report's PDF), its tables at 150 dpi with noise, JPEG q40.
pdftoppm -r 150 -f 2 -l 4 -gray -png "$real/pingtan/10_pingtan-shs-2023.pdf" "$work/ps"
for f in "$work"/ps-*.png; do
  convert "$f" -attenuate 0.5 +noise Gaussian -colorspace gray -quality 40 "${f%.png}.jpg"
done
img2pdf --output pingtan-shs-2023-p2-4-150dpi-noise.pdf "$work"/ps-*.jpg
rm -rf "$work"

# The sample's table pages as an office scanner's black-and-white PDF: 200 dpi, bilevel, CCITT
# Group 4 (/BlackIs1 true, as Pillow writes it; Pillow comes with img2pdf).
work=$(mktemp -d)
NIANBAO_SYSTEM_FONTS=0 cargo run --quiet --release -- export ../../../assets/sample-gov2021.ron --pdf "$work/sample.pdf" >/dev/null
pdftoppm -r 200 -f 3 -l 5 -gray -png "$work/sample.pdf" "$work/g"
python3 - "$work" <<'PY'
import glob, sys
from PIL import Image
pages = [Image.open(f).point(lambda v: 255 if v > 150 else 0).convert("1")
         for f in sorted(glob.glob(sys.argv[1] + "/g-*.png"))]
pages[0].save("sample-pages3-5-200dpi-g4.pdf", save_all=True, append_images=pages[1:], resolution=200)
PY
rm -rf "$work"
