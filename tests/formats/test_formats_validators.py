"""The validators the format tests rely on catch what they are meant to catch."""

from __future__ import annotations

from formats_support import needs_shared, tbx_schematron_problems, tmx_problems


@needs_shared
def test_tmx_check_catches_a_tuv_without_language(tmp_path):
    path = tmp_path / "bad.tmx"
    path.write_text('<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="text"/>'
                    '<body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>')
    assert tmx_problems(path)


@needs_shared
def test_schematron_catches_a_status_outside_tbx_basic(tmp_path):
    path = tmp_path / "bad.tbx"
    path.write_text(
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text>"
        '<body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>x</term>'
        '<termNote type="administrativeStatus">forbidden</termNote>'
        '<descrip type="subjectField">law</descrip></termSec></langSec></conceptEntry>'
        "</body></text></tbx>")
    problems = " ".join(tbx_schematron_problems(path))
    assert "administrativeStatus" in problems and "subjectField" in problems
