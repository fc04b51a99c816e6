"""What the t-ocr-*.sh scripts that draw their own pages share: the CJK
face they set text in, and the scanner's blur and grain over a finished
page (drawn from the script's own random state, so each page stays the
same from run to run)."""
import os
import subprocess

import numpy as np
from PIL import Image, ImageFilter, ImageFont


def serif(size, style="Regular"):
    face = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC:style=" + style],
                          capture_output=True, text=True).stdout
    return ImageFont.truetype(face, size, index=2)


def scanned(im, rnd, path, grain=5):
    """Save im as a scan: a slight blur, then Gaussian grain of sigma grain."""
    im = im.filter(ImageFilter.GaussianBlur(0.6))
    a = np.array(im, float) + rnd.normal(0, grain, (im.height, im.width))
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(path)
