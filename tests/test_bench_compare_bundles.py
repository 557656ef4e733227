"""bench compare with a bundle per engine (`--bundle optimum=DIR`): parsing, which engine runs which graph, row labels,
and optimum's own concat-KV export driven through ORTModelForCausalLM the way generate() drives it."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from terminus_edge.benchmarks import compare
from terminus_edge.benchmarks.latency import EngineSpec
from terminus_edge.benchmarks.records import NOT_AVAILABLE, Record, render
from terminus_edge.cli import main


@pytest.fixture
def dirs(tmp_path):
    """Named empty directories (bundles are faked by `fake_bundles`)."""
    def make(*names: str) -> list[str]:
        out = []
        for name in names:
            (tmp_path / name).mkdir(exist_ok=True)
            out.append(str(tmp_path / name))
        return out

    return make


@pytest.fixture
def fake_bundles(monkeypatch):
    """load_bundle reads a directory's backend from its name ('opt…' = optimum export, else builder); every
    engine counts as installed, so the specs do not depend on what this machine has."""
    import terminus_edge.runtime.bundle as bundle_module

    def load(path, full_logits=False):
        backend = "optimum" if path.rstrip("/").rsplit("/", 1)[-1].startswith("opt") else "builder"
        return SimpleNamespace(path=path, manifest={"backend": backend}, precision="int4")

    monkeypatch.setattr(bundle_module, "load_bundle", load)
    monkeypatch.setattr(compare, "installed", lambda engine: True)


# ---- --bundle parsing --------------------------------------------------------------------------------
def test_plain_bundles_are_shared_and_engine_prefixed_ones_are_the_engines_own(dirs, tmp_path):
    te, opt, other = dirs("te", "opt", "te2")
    shared, own = compare.split_bundle_args([te, f"optimum={opt}", other, f"terminus-edge={te}", f"optimum={te}"])
    assert shared == [te, other]
    assert own == {"optimum": [opt, te], "terminus-edge": [te]}


def test_a_path_with_an_equals_sign_stays_a_path(dirs):
    (odd,) = dirs("run=1")
    assert compare.split_bundle_args([odd]) == ([odd], {})


@pytest.mark.parametrize("value, message", [
    ("llama.cpp={d}", "llama.cpp does not read a bundle"),
    ("transformers={d}", "transformers does not read a bundle"),
    ("optimum=", "no such bundle directory"),
    ("optimum={d}/missing", "no such bundle directory"),
    ("{d}/missing", "no such bundle directory"),
])
def test_bad_bundle_values_are_one_line_errors(dirs, value, message):
    (d,) = dirs("b")
    with pytest.raises(compare.CompareError, match=message):
        compare.split_bundle_args([value.format(d=d)])


# ---- which engine runs which bundle, and how its rows are labelled ---------------------------------------
def test_graph_labels_follow_the_exporter_and_the_engine():
    assert compare.graph_label("optimum", {"backend": "optimum"}) == "optimum's own export"
    assert compare.graph_label("terminus-edge", {"backend": "optimum"}) == "optimum export"
    assert compare.graph_label("optimum", {"backend": "builder"}) == "terminus-edge graph"
    assert compare.graph_label("terminus-edge", {"backend": "streaming"}) == "terminus-edge graph"
    assert compare.graph_label("optimum", {}) == "terminus-edge graph"  # manifests before the backend key: builder
    assert compare.graph_label("optimum", {"backend": "olive"}) == "olive graph"


def test_an_engines_own_bundle_replaces_the_shared_ones_for_it_alone(fake_bundles, dirs):
    te, opt = dirs("te", "opt")
    specs, missing = compare.compare_specs(None, "hf", [te], ["terminus-edge", "optimum"], [1, 2], "M",
                                           engine_bundles={"optimum": [opt, te]})
    assert missing == []
    assert [(s.engine, s.path, s.threads, s.model) for s in specs] == [
        ("terminus-edge", te, 1, "M (terminus-edge graph)"), ("terminus-edge", te, 2, "M (terminus-edge graph)"),
        ("optimum", opt, 1, "M (optimum's own export)"), ("optimum", opt, 2, "M (optimum's own export)"),
        ("optimum", te, 1, "M (terminus-edge graph)"), ("optimum", te, 2, "M (terminus-edge graph)"),
    ]


def test_without_a_shared_bundle_an_engine_with_none_of_its_own_is_a_missing_row(fake_bundles, dirs):
    (opt,) = dirs("opt")
    specs, missing = compare.compare_specs(None, "hf", [], ["terminus-edge", "optimum"], [1], "M",
                                           engine_bundles={"optimum": [opt]})
    assert [s.engine for s in specs] == ["optimum"]
    assert missing == [("terminus-edge", NOT_AVAILABLE, "no bundle of these weights")]


def test_a_bundle_for_an_engine_that_does_not_run_is_an_error(fake_bundles, dirs):
    (opt,) = dirs("opt")
    with pytest.raises(compare.CompareError, match="given for optimum, which --engines does not run"):
        compare.compare_specs(None, "hf", [], ["terminus-edge"], [1], "M", engine_bundles={"optimum": [opt]})


@pytest.mark.parametrize("engines, exports", [(["optimum"], False), (["optimum", "terminus-edge"], True)])
def test_bundles_are_exported_only_for_an_engine_left_without_one(fake_bundles, dirs, monkeypatch, engines, exports):
    (opt,) = dirs("opt")
    hf = dirs("SmolTiny")[0]
    exported, ran = [], []
    monkeypatch.setattr(compare, "bundles_for", lambda source, precisions: exported.append(source) or [f"{hf}-int4"])
    monkeypatch.setattr(compare, "run_matrix", lambda specs, *args: ran.extend(specs) or [])
    compare.run_compare(hf=hf, engine_bundles={"optimum": [opt]}, engines=engines, threads=[1], prompts=[8], gens=[0],
                        progress=False)
    assert bool(exported) == exports
    assert {(s.engine, s.model) for s in ran} == ({("optimum", "SmolTiny (optimum's own export)")}
                                                  | ({("terminus-edge", "SmolTiny (terminus-edge graph)")} if exports else set()))


def test_cli_passes_shared_and_own_bundles_and_rejects_a_gguf_engine(dirs, monkeypatch):
    te, opt = dirs("te", "opt")
    hf = dirs("hf")[0]
    seen = {}
    monkeypatch.setattr(compare, "run_compare", lambda **kwargs: seen.update(kwargs) or [])
    result = CliRunner().invoke(main, ["bench", "compare", "--hf", hf, "--bundle", te, "--bundle", f"optimum={opt}",
                                       "--engines", "terminus-edge,optimum", "--no-progress", "-o", "json"])
    assert result.exit_code == 0, result.output
    assert seen["bundles"] == [te] and seen["engine_bundles"] == {"optimum": [opt]}
    assert seen["engines"] == ["terminus-edge", "optimum"]

    bad = CliRunner().invoke(main, ["bench", "compare", "--hf", hf, "--bundle", f"llama.cpp={te}"])
    assert bad.exit_code == 2
    assert "--bundle" in bad.output and "llama.cpp does not read a bundle" in bad.output


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "jsonl"])
def test_every_output_format_names_the_graph_of_each_row(fake_bundles, dirs, fmt):
    te, opt = dirs("te", "opt")
    specs, _ = compare.compare_specs(None, "hf", [te], ["terminus-edge", "optimum"], [2], "SmolLM2",
                                     engine_bundles={"optimum": [opt, te]})
    # what run_child makes of a spec before any sample arrives (model and precision come from the spec)
    records = [Record(s.engine, s.model, s.precision, s.ep, s.threads, "tg64", 1, 64) for s in specs]
    text = render(records, fmt, {}, with_ratio=True)
    for label in ("SmolLM2 (terminus-edge graph)", "SmolLM2 (optimum's own export)"):
        assert label in text
    if fmt == "json":
        models = [(r["engine"], r["model"]) for r in json.loads(text)["records"]]
        assert models == [("terminus-edge", "SmolLM2 (terminus-edge graph)"), ("optimum", "SmolLM2 (optimum's own export)"),
                          ("optimum", "SmolLM2 (terminus-edge graph)")]


# ---- optimum's own export through ORTModelForCausalLM ------------------------------------------------------
@pytest.mark.slow
def test_optimum_engine_on_optimums_own_export_decodes_as_generate_and_full_recompute(tiny_bundle):
    """Concat-KV graph: the KV grows by the new tokens each call, position_ids follow the cache length, and the
    greedy tokens are generate()'s and those of a cache-free recompute of the whole sequence."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("optimum.onnxruntime")
    from terminus_edge.benchmarks.latency import prompt_ids
    from terminus_edge.benchmarks.peers import OptimumEngine

    bundle = tiny_bundle("qwen3", "int4", "optimum")
    engine = OptimumEngine(EngineSpec("optimum", str(bundle), threads=1))
    engine.load()
    session = engine.model.session
    assert session._model_path.endswith("model.onnx")  # the graph as optimum exported it, every position's logits
    assert {i.name for i in session.get_inputs()} >= {"input_ids", "attention_mask", "position_ids", "past_key_values.0.key"}
    kv_heads, head_dim = engine.model.num_key_value_heads, engine.model.embed_size_per_head

    engine.reset(0)
    ids = prompt_ids(12, engine.vocab_size)
    tokens = [engine.prefill(ids)]
    assert tuple(engine.past[0][0].shape) == (1, kv_heads, len(ids), head_dim)
    for _ in range(7):
        tokens.append(engine.step(tokens[-1]))
    assert tuple(engine.past[-1][1].shape) == (1, kv_heads, len(ids) + 7, head_dim)

    prompt = torch.tensor([ids])
    out = engine.model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=8, min_new_tokens=8,
                                do_sample=False, pad_token_id=0)
    assert out[0, len(ids):].tolist() == tokens

    whole = torch.tensor([ids + tokens[:-1]])
    with torch.no_grad():
        logits = engine.model(input_ids=whole, attention_mask=torch.ones_like(whole), use_cache=False).logits
    assert logits[0, len(ids) - 1:].argmax(-1).tolist() == tokens


@pytest.mark.slow
def test_compare_cli_runs_optimums_own_export_beside_the_terminus_edge_graph(tiny_bundle, tiny_hf_model):
    pytest.importorskip("optimum.onnxruntime")
    builder, own = tiny_bundle("qwen3", "int4", "builder"), tiny_bundle("qwen3", "int4", "optimum")
    hf = tiny_hf_model("qwen3")
    args = ["bench", "compare", "--hf", str(hf), "--bundle", str(builder), "--bundle", f"optimum={own}",
            "--bundle", f"optimum={builder}", "--engines", "terminus-edge,optimum", "--threads", "1", "-p", "0",
            "-n", "4", "-r", "1", "--warmup", "0", "--no-progress", "-o", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["records"]
    assert [(r["engine"], r["model"], r["status"]) for r in rows] == [
        ("terminus-edge", f"{hf.name} (terminus-edge graph)", "ok"),
        ("optimum", f"{hf.name} (optimum's own export)", "ok"),
        ("optimum", f"{hf.name} (terminus-edge graph)", "ok"),
    ], [r["note"] for r in rows]
