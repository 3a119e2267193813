"""Every glyph of a font against another (the lean face against its original), rasterised
at 250 px per em; prints the glyphs that differ by more than 2 px anywhere. Needs Pillow, numpy."""
import sys, numpy as np
from PIL import Image, ImageDraw, ImageFont
from fontTools.ttLib import TTFont
a, b = sys.argv[1], sys.argv[2]
S = 250
fa = ImageFont.truetype(a, S); fb = ImageFont.truetype(b, S)
cmap = TTFont(a).getBestCmap()
def r(font, ch):
    im = Image.new('L', (S*2, S*2), 0)
    ImageDraw.Draw(im).text((S//2, S//2), ch, font=font, fill=255)
    return np.asarray(im) > 127
def dilate(m, k):
    out = m.copy()
    for dx in range(-k, k+1):
        for dy in range(-k, k+1):
            out |= np.roll(np.roll(m, dx, 0), dy, 1)
    return out
fails = []; worst = []
for u in cmap:
    if u < 0x21: continue
    ch = chr(u)
    x = r(fa, ch)
    try: y = r(fb, ch)
    except OSError as e:
        fails.append((hex(u), ch, str(e))); continue
    # pixels of one that are more than 2 px (8/1000 em) away from the other
    out = (y & ~dilate(x, 2)).sum() + (x & ~dilate(y, 2)).sum()
    worst.append((int(out), hex(u), ch))
worst.sort(reverse=True)
print('glyphs', len(worst), 'unrenderable', len(fails), fails[:5])
print('glyphs with any pixel >2px off:', sum(1 for w in worst if w[0] > 0))
print(worst[:15])
