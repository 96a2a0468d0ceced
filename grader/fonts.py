"""Plots in Chinese: matplotlib is pointed at a font with CJK glyphs.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: a Chinese title renders as empty
boxes with a "Glyph ... missing from font" warning. The project's set-up installs WenQuanYi Micro
Hei (``make fonts``: the Debian package ``fonts-wqy-microhei``, Apache-2.0); other common CJK fonts
are used when present instead.
"""

from __future__ import annotations

__all__ = ["CJK_FONTS", "available_cjk_fonts", "use_cjk_font"]

#: CJK sans-serif fonts, in order of preference (the first is the one ``make fonts`` installs)
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Microsoft YaHei", "PingFang SC", "Heiti SC", "SimHei")


def available_cjk_fonts() -> list[str]:
    """The fonts of :data:`CJK_FONTS` that matplotlib can find on this machine, in that order.

    matplotlib caches the list of system fonts the first time it runs; a font installed later
    (``make fonts`` after a first plot) is looked up on disk and added.
    """
    from matplotlib import font_manager

    def known():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [name for name in CJK_FONTS if name in names]

    if not known():
        for path in font_manager.findSystemFonts():
            if any(key in path.lower() for key in ("wqy", "cjk", "sourcehan", "notosanssc", "yahei", "simhei")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    return known()


def use_cjk_font() -> str | None:
    """Put the first available CJK font ahead of matplotlib's sans-serif fonts.

    Latin text keeps rendering in the CJK font's Latin glyphs; the minus sign is drawn as a
    hyphen, which every CJK font has.

    Returns
    -------
    str or None
        The font used, or ``None`` when none is installed (then ``make fonts`` says how to get one).
    """
    import matplotlib as mpl

    found = available_cjk_fonts()
    if not found:
        return None
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f not in found]
    mpl.rcParams["font.sans-serif"] = [found[0], *rest]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return found[0]
