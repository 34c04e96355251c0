"""survey/text.py: the table of invisible characters scans only the planes that hold controls and
format characters; it must hold exactly what a scan of all of Unicode finds."""

from __future__ import annotations

import sys
import unicodedata

from survey import text


def test_the_invisible_table_is_what_a_scan_of_all_of_unicode_finds() -> None:
    expected = {
        code for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    }
    table = text.invisible_table()
    assert set(table) == expected
    assert table[ord("\t")] == table[ord("\n")] == " " and table[0x202E] is None and table[0xE0041] is None
    assert text.one_line("a\u202eb\u200b c\tE\U000e0041") == "ab c E"
