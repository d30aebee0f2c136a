import json

from workgroups.checks.findings import Finding, SourceRef, findings_json
from workgroups.lib.vocabulary import FindingCode, Severity


def standard(findings) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)


def test_it_writes_the_text_json_dumps_writes_with_indent_2():
    findings = [
        Finding(
            FindingCode.STATUS_CONFLICT,
            Severity.ERROR,
            ("scientific", "meta"),
            'Łukasz\'s “group”: a "quote", a \\ and a tab\tand\nline, \x01 and \u2028 too.',
            (SourceRef("data/psf/a.md", 188), SourceRef("data/b.md", 3, 7), SourceRef("c")),
        ),
        Finding(FindingCode.PERSON_NEAR_DUPLICATE, Severity.INFO, (), "No groups, no sources."),
        Finding(FindingCode.NO_CHAIR, Severity.WARNING, ("one",), "x", (SourceRef("p", 0, 0),)),
    ]
    assert findings_json(findings) == standard(findings)
    assert findings_json(findings[1:2]) == standard(findings[1:2])


def test_it_writes_no_findings_as_an_empty_list():
    assert findings_json([]) == standard([]) == "[]"
