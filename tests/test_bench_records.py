"""Benchmark records: statistics from raw samples, and the md/csv/json/jsonl formats other tools read."""

from __future__ import annotations

import csv
import io
import json

import pytest

from terminus_edge.benchmarks.machine import format_machine, machine_info
from terminus_edge.benchmarks.records import (
    NOT_INSTALLED, OK, REQUIRED_KEYS, Record, load_records, percentile, ratios_to, render, summarize_samples, label_for,
    unavailable,
)


def measured(engine="terminus-edge", rates=(10.0, 12.0, 14.0), test="tg4", threads=2) -> Record:
    samples = [{"tokens_per_s": r, "ttft_ms": 5.0 + i, "token_ms": [1000 / r] * 4} for i, r in enumerate(rates)]
    return summarize_samples(Record(engine, "m", "int4", "cpu", threads, test, 1, 4, load_s=0.5, rss_peak_mb=123.0), samples)


def test_labels_follow_llama_bench():
    assert label_for(512, 0) == "pp512"
    assert label_for(1, 128) == "tg128"


def test_percentile_interpolates_like_numpy():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_summary_statistics_from_samples():
    record = measured(rates=(10.0, 12.0, 14.0))
    assert record.tokens_per_s_mean == pytest.approx(12.0)
    assert record.tokens_per_s_std == pytest.approx(2.0)  # sample standard deviation
    assert record.ttft_ms == pytest.approx(6.0)
    # 12 per-token samples: 4 each of 100, 83.33, 71.43 ms
    assert record.token_ms_p50 == pytest.approx(1000 / 12)
    assert record.token_ms_p95 == pytest.approx(100.0)
    assert len(record.samples) == 3


def test_single_sample_has_zero_spread():
    record = measured(rates=(9.0,))
    assert record.tokens_per_s_std == 0.0


def test_json_and_jsonl_records_carry_the_required_keys():
    records = [measured(), unavailable("llama.cpp", "m", "q4_0", "cpu", 2, "tg4", 1, 4, NOT_INSTALLED, "pip install llama-cpp-python")]
    machine = {"cpu": "test cpu", "git_sha": "abc"}
    data = json.loads(render(records, "json", machine))
    assert data["machine"] == machine
    for row in data["records"]:
        assert set(REQUIRED_KEYS) <= set(row)
    assert data["records"][0]["samples"][0]["tokens_per_s"] == 10.0
    missing = data["records"][1]
    assert missing["status"] == NOT_INSTALLED and missing["tokens_per_s_mean"] is None and missing["samples"] == []
    lines = render(records, "jsonl", machine).splitlines()
    assert len(lines) == 2
    assert all(set(REQUIRED_KEYS) <= set(json.loads(line)) for line in lines)
    assert json.loads(lines[0])["machine"]["cpu"] == "test cpu"
    assert [r["engine"] for r in load_records(render(records, "json", machine))] == ["terminus-edge", "llama.cpp"]
    assert [r["engine"] for r in load_records("\n".join(lines))] == ["terminus-edge", "llama.cpp"]


def test_csv_has_one_row_per_record_without_samples():
    rows = list(csv.DictReader(io.StringIO(render([measured(), measured(threads=1)], "csv"))))
    assert len(rows) == 2
    assert "samples" not in rows[0]
    assert float(rows[0]["tokens_per_s_mean"]) == pytest.approx(12.0)
    assert rows[1]["threads"] == "1"


def test_markdown_table_shows_mean_std_status_and_ratio():
    ours = measured(rates=(10.0, 10.0))
    peer = measured(engine="llama.cpp", rates=(5.0, 5.0))
    missing = unavailable("optimum", "m", "int4", "cpu", 2, "tg4", 1, 4, NOT_INSTALLED, "pip install optimum-onnx")
    text = render([ours, peer, missing], "md", {"cpu": "X"}, with_ratio=True)
    assert "10.00 ± 0.00" in text
    assert "| 0.50× |" in text and "| 1.00× |" in text
    assert "not installed" in text and "pip install optimum-onnx" in text
    assert "machine: X" in text
    header = text.splitlines()[4]
    assert header.startswith("| engine |") and "GPU MiB" not in header and "RSS MiB" in header  # no GPU column without GPU numbers


def test_ratios_compare_the_same_test_and_threads_only():
    ours = measured(rates=(10.0,), test="tg4", threads=2)
    peer_other_threads = measured(engine="llama.cpp", rates=(5.0,), test="tg4", threads=1)
    ratios = ratios_to([ours, peer_other_threads])
    assert ratios[id(ours)] == 1.0
    assert id(peer_other_threads) not in ratios


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render([measured()], "xml")


def test_machine_block_names_cpu_cores_ram_versions():
    info = machine_info()
    assert info["cores_logical"] >= 1 and info["ram_gb"] > 0
    assert "onnxruntime" in info["versions"] and "terminus-edge" in info["versions"]
    text = format_machine(info)
    assert info["cpu"] in text and "onnxruntime" in text


def test_layer_extrapolation_is_linear_per_layer():
    from terminus_edge.benchmarks.records import extrapolate_layers, record_from_dict

    def row(scale, step_ms, test="tg4"):
        r = measured(rates=(1000 / step_ms,) * 2, test=test).as_dict()
        if test.startswith("pp"):
            r.update(n_prompt=64, n_gen=0)
            for s in r["samples"]:
                s["ttft_ms"] = 10.0 * scale
        r.update(rss_peak_mb=100.0 * scale, load_s=1.0 * scale)
        return r

    two, six = row(1, 20.0), row(3, 60.0)  # 10 ms and 100 MB per layer
    (x,) = extrapolate_layers([two], [six], 2, 6, 36)
    assert x["status"] == "extrapolated" and "36 layers" in x["model"]
    assert x["token_ms_p50"] == pytest.approx(20 + 10 * 34)
    assert x["tokens_per_s_mean"] == pytest.approx(1000 / (20 + 10 * 34))
    assert x["rss_peak_mb"] == pytest.approx(100 + 50 * 34)
    assert "(extrapolated)" in render([record_from_dict(x)], "md")
    (p,) = extrapolate_layers([row(1, 5.0, "pp64")], [row(3, 5.0, "pp64")], 2, 6, 36)
    assert p["ttft_ms"] == pytest.approx(10 + 5 * 34) and p["tokens_per_s_mean"] == pytest.approx(64 / (180 / 1000))
    # noise: the deeper model measured faster -> no number
    (n,) = extrapolate_layers([six], [two], 2, 6, 36)
    assert n["tokens_per_s_mean"] is None and "noise" in n["note"]
    # rows measured at one depth only are not extrapolated
    assert extrapolate_layers([], [six], 2, 6, 36) == []


def test_one_repetition_shows_no_spread_it_did_not_measure():
    text = render([measured(rates=(10.0,))], "md", {"cpu": "X"})
    assert "10.00 (1 rep)" in text and "±" not in text.split("| engine |", 1)[1]
