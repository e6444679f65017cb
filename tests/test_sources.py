"""Files that are not UTF-8: which encoding they are in (charset-normalizer, among the Japanese ones)."""
from __future__ import annotations

from pathlib import Path

import pytest

from policy_site.importer.reading import ImportFailed, decode
from policy_site.model.sources import guess_encoding, read_source

TEXT = "# 個人情報の取り扱いについて\n当社は、お預かりした個人情報を適切に管理します。\n"


@pytest.mark.parametrize(("codec", "named"), [
    ("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf-16", "UTF-16"),  # ISO-2022-JP is 7-bit: it reads as UTF-8
])
def test_a_japanese_file_that_is_not_utf8_is_named_and_imported(tmp_path: Path, codec: str, named: str) -> None:
    data = TEXT.encode(codec)
    assert named in guess_encoding(data)
    path = tmp_path / "index.md"
    path.write_bytes(data)
    source = read_source(path, "docs/2024-04-01/ja/index.md")
    assert source.text is None
    assert f"not UTF-8 (it looks like {guess_encoding(data)})" == source.findings[0].message
    assert decode("policy.txt", data) == TEXT


def test_bytes_in_no_japanese_encoding_are_refused_with_what_to_do() -> None:
    data = "Politique de confidentialité : données collectées\n".encode("latin-1")
    assert guess_encoding(data) == "an unknown encoding"
    with pytest.raises(ImportFailed, match="policy.txt: not UTF-8, Shift_JIS or EUC-JP text; save it as UTF-8"):
        decode("policy.txt", data)
