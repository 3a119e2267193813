"""The lean PDF faces, made from the Fandol fonts with FontForge's Python:

    python3 fonts/lean.py FandolFang-Regular.otf FandolFang-Lean.otf "FandolFang Lean"

Every contour is simplified with FontForge's Simplify (at most 2/1000 em from the original
outline), the em is scaled from 1000 to 250 units (coordinates on a 1/250 em grid) and the
hints are dropped. At 16 pt an outline moves by at most about 0.02 mm, half a dot of a
600 dpi printer, and an embedded subset is about half the size.
"""
import math
import sys

import fontforge

src, out, family = sys.argv[1], sys.argv[2], sys.argv[3]
font = fontforge.open(src)
if font.cidfontname:
    font.cidFlatten()


def sane(glyph, box):
    """The simplified outline keeps the original's extent, and no control point flies off."""
    if not box:
        return True
    x0, y0, x1, y1 = box
    for contour in glyph.foreground:
        for p in contour:
            if not (math.isfinite(p.x) and math.isfinite(p.y)):
                return False
            if p.x < x0 - 600 or p.x > x1 + 600 or p.y < y0 - 600 or p.y > y1 + 600:
                return False
    nx0, ny0, nx1, ny1 = glyph.boundingBox()
    return max(abs(nx0 - x0), abs(ny0 - y0), abs(nx1 - x1), abs(ny1 - y1)) <= 10


# Simplify sometimes throws a control point far off the glyph (FontForge reports "NaN value
# in spline creation"); such a glyph is simplified again more gently, or kept as it was.
kept = 0
for glyph in font.glyphs():
    if glyph.foreground.isEmpty():
        continue
    original = glyph.foreground.dup()
    box = glyph.boundingBox()
    for flags in (
        ("mergelines", "ignoreextrema", "setstarttoextremum", "smoothcurves"),
        ("mergelines", "ignoreextrema"),
    ):
        glyph.foreground = original
        glyph.simplify(2.0, flags)
        if sane(glyph, box):
            break
    else:
        glyph.foreground = original
        kept += 1
print("glyphs kept unsimplified:", kept, file=sys.stderr)
# Advances are kept to the nearest 1/250 em (FontForge would truncate them).
widths = {g.glyphname: g.width for g in font.glyphs()}
font.em = 250
font.round()
for glyph in font.glyphs():
    glyph.width = int(round(widths[glyph.glyphname] / 4.0))
for glyph in font.glyphs():
    glyph.manualHints = True
    glyph.hhints = ()
    glyph.vhints = ()
postscript = family.replace(" ", "") + "-Regular"
font.fontname = postscript
font.familyname = family
font.fullname = family
note = (
    "Modified by the nianbao project from " + src.rsplit("/", 1)[-1]
    + ": outlines simplified (2/1000 em), em scaled to 250 units, hints removed."
)
renamed = {"Family": family, "Preferred Family": family, "Fullname": family, "UniqueID": postscript,
           "PostScriptName": postscript, "Descriptor": note}
font.sfnt_names = tuple(
    (lang, key, renamed.get(key, value)) for (lang, key, value) in font.sfnt_names
) + (("English (US)", "Descriptor", note),)
font.generate(out, flags=("opentype", "omit-instructions", "no-hints"))
