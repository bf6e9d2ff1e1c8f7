"""tag_text and evaluate_rules end to end through call_command (no database)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command


def _tag_text(lines, **options):
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    call_command("tag_text", stdin=stdin, stdout=out, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_tag_text_writes_one_line_per_clause_in_order():
    rows = [
        {"id": "a", "text": "Impose export controls on advanced chips."},
        {"id": "b", "text": "推动公共数据开放。"},
        {"id": "c", "text": "Introduction"},
    ]
    results = _tag_text([json.dumps(r, ensure_ascii=False) for r in rows])
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert results[0]["themes"] == {"EXPORT_CONTROLS": "RESTRICTS"}
    assert results[0]["modality"] == "DIRECTIVE"
    # Script detection sends the Chinese line to the zh pipeline.
    assert results[1]["themes"] == {"OPEN_DATA": "PROMOTES"}
    assert results[2] == {"id": "c", "themes": {}, "modality": "STATEMENT", "actor": "", "evidence": []}
    assert set(results[0]) == {"id", "themes", "modality", "actor", "evidence"}


def test_tag_text_evidence_points_into_the_text():
    text = "Led by NIST, develop open standards."
    (result,) = _tag_text([json.dumps({"id": 1, "text": text})])
    assert result["actor"] == "NIST"
    for item in result["evidence"]:
        assert set(item) == {"theme", "rule", "start", "end"}
        assert text[item["start"] : item["end"]]
    assert {item["theme"] for item in result["evidence"]} == {"STANDARDS_INTEROP"}


def test_line_lang_overrides_option():
    rows = [
        {"id": "x", "text": "开源", "lang": "zh"},
        {"id": "y", "text": "open source"},
    ]
    results = _tag_text([json.dumps(r, ensure_ascii=False) for r in rows], lang="en")
    assert results[0]["themes"] == {"OPEN_SOURCE": "PROMOTES"}
    assert results[1]["themes"] == {"OPEN_SOURCE": "PROMOTES"}


def test_tag_text_bad_json_names_the_line():
    with pytest.raises(CommandError, match="line 2"):
        _tag_text(['{"id": 1, "text": "ok"}', '{"id": 2, "text": '])


def test_tag_text_requires_text():
    with pytest.raises(CommandError, match="line 1"):
        _tag_text(['{"id": 1}'])


@pytest.fixture
def gold_file(tmp_path):
    rows = [
        {"id": "g1", "lang": "en", "text": "Encourage open-source and open-weight AI.",
         "themes": {"OPEN_SOURCE": "PROMOTES", "OPEN_WEIGHTS": "PROMOTES"}, "modality": "ENCOURAGEMENT", "actor": ""},
        {"id": "g2", "lang": "en", "text": "Build new data centers.", "themes": {"OPEN_DATA": "PROMOTES"},
         "modality": "DIRECTIVE", "actor": ""},
        {"id": "g3", "lang": "zh", "text": "推动公共数据开放。", "themes": {"OPEN_DATA": "PROMOTES"},
         "modality": "ENCOURAGEMENT", "actor": ""},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


LAST_LINE = re.compile(r"^micro-F1 \d\.\d{3} modality-acc \d\.\d{3}$")


def test_evaluate_rules_table_and_last_line(gold_file):
    out = io.StringIO()
    call_command("evaluate_rules", str(gold_file), "--errors", "5", stdout=out)
    lines = out.getvalue().splitlines()
    assert LAST_LINE.match(lines[-1])
    # 3 of 4 gold pairs found, no false positive: P 1, R .75, F1 .857; modality all right.
    assert lines[-1] == "micro-F1 0.857 modality-acc 1.000"
    assert any(line.startswith("OPEN_SOURCE") for line in lines)
    assert any(line.startswith("FN g2 OPEN_DATA [en-od-not") for line in lines)


def test_evaluate_rules_json(gold_file):
    out = io.StringIO()
    call_command("evaluate_rules", str(gold_file), "--json", stdout=out)
    text = out.getvalue()
    body, last = text.rstrip("\n").rsplit("\n", 1)
    assert LAST_LINE.match(last)
    payload = json.loads(body)
    assert payload["combined"]["micro_f1"] == pytest.approx(0.857, abs=1e-3)
    assert payload["combined"]["themes"]["OPEN_DATA"]["fn"] == 1
    assert len(payload["ruleset"]) == 12


def test_evaluate_rules_scores_several_files_together(gold_file, tmp_path):
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"id": "s1", "lang": "en", "text": "Introduction", "themes": {},
                                  "modality": "STATEMENT"}) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_rules", str(gold_file), str(second), stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("gold.jsonl:") for line in lines)
    assert any(line.startswith("second.jsonl:") for line in lines)
    assert "clauses 4 " in out.getvalue()
    assert LAST_LINE.match(lines[-1])


def test_evaluate_rules_reports_a_broken_gold_file(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.jsonl"):
        call_command("evaluate_rules", str(broken), stdout=io.StringIO())


def test_evaluate_rules_by_plan_prints_a_row_per_file_and_the_macro_average(gold_file, tmp_path):
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"id": "s1", "lang": "en", "text": "Share open data.", "themes": {},
                                  "modality": "STATEMENT"}) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_rules", str(gold_file), str(second), "--by-plan", stdout=out)
    lines = out.getvalue().splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.startswith(("gold.jsonl ", "second.jsonl ", "macro "))}
    assert rows["gold.jsonl"][:4] == ["3", "1.000", "0.750", "0.857"]
    # One false positive and nothing to find: F1 0, modality wrong.
    assert rows["second.jsonl"][:4] == ["1", "0.000", "0.000", "0.000"]
    assert rows["macro"][2] == f"{(6 / 7) / 2:.3f}"
    assert LAST_LINE.match(lines[-1])


def test_evaluate_rules_by_rule_counts_right_and_wrong_firings(gold_file):
    out = io.StringIO()
    call_command("evaluate_rules", str(gold_file), "--by-rule", stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines() if line.startswith(("en-", "zh-"))]
    assert rows, out.getvalue()
    by_rule = {row[0]: row[1:] for row in rows}
    # Every rule here fired only on clauses whose gold has its theme.
    assert all(cells[2] == "0" and cells[3] == "1.000" for cells in by_rule.values())
    assert any(rule.startswith("zh-") for rule in by_rule)
    assert LAST_LINE.match(out.getvalue().splitlines()[-1])
