"""runtime.mapped_pages: clean file pages leave the process's RSS, private data never does."""
import ctypes
import mmap
import sys

import pytest

from terminus_edge.runtime import mapped_pages

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="madvise and /proc/self/smaps are Linux's")

PAGES = 64


def _mapping_of(path, address):
    return next(m for m in mapped_pages.read_mappings() if m.path == str(path) and m.start <= address < m.end)


@pytest.fixture
def mapped_file(tmp_path):
    """A file mapped the way onnxruntime maps external data: MAP_PRIVATE, readable and writable."""
    path = tmp_path / "weights.bin"
    data = bytes(range(256)) * (PAGES * mmap.PAGESIZE // 256)
    path.write_bytes(data)
    with open(path, "rb+") as handle:
        view = mmap.mmap(handle.fileno(), len(data), flags=mmap.MAP_PRIVATE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    address = ctypes.addressof(ctypes.c_char.from_buffer(view))
    assert sum(view[i] for i in range(0, len(data), mmap.PAGESIZE)) == 0  # touch every page
    yield path.resolve(), view, address, data
    view.close()


def test_clean_mapping_is_released_and_reads_back_the_same(mapped_file):
    path, view, address, data = mapped_file
    assert _mapping_of(path, address).rss_kib >= PAGES * mmap.PAGESIZE // 1024

    released = mapped_pages.release([path])

    assert released.mappings == 1 and released.skipped == 0
    assert released.rss_kib >= PAGES * mmap.PAGESIZE // 1024
    assert _mapping_of(path, address).rss_kib == 0
    assert view[:] == data


def test_mapping_with_private_data_is_left_alone(mapped_file):
    path, view, address, data = mapped_file
    view[5] = 0xAB  # copy-on-write: this page is now the process's own data

    released = mapped_pages.release([path])

    assert released.mappings == 0 and released.skipped == 1
    assert view[5] == 0xAB and view[6:] == data[6:]


def test_release_again_drops_pages_read_since(mapped_file):
    path, view, address, data = mapped_file
    released = mapped_pages.release([path])
    assert view[:] == data  # read back: resident again
    assert _mapping_of(path, address).rss_kib > 0

    assert mapped_pages.release_again(released, min_bytes=mmap.PAGESIZE) == 1

    assert _mapping_of(path, address).rss_kib == 0
    assert view[:] == data


def test_release_again_skips_ranges_no_longer_mapped(mapped_file):
    path, view, address, data = mapped_file
    released = mapped_pages.release([path])
    view.close()
    assert mapped_pages.release_again(released, min_bytes=mmap.PAGESIZE) == 0


def test_release_again_leaves_small_mappings_to_their_few_pages(mapped_file):
    path, view, address, data = mapped_file
    released = mapped_pages.release([path])
    assert view[:] == data
    assert mapped_pages.release_again(released) == 0  # 256 KiB: under REGROW_MIN_BYTES
    assert _mapping_of(path, address).rss_kib > 0


def test_other_files_are_not_touched(mapped_file, tmp_path):
    path, view, address, data = mapped_file
    assert mapped_pages.release([tmp_path / "other.bin"]).mappings == 0
    assert _mapping_of(path, address).rss_kib > 0


def test_loaded_model_gives_weight_pages_back_with_identical_results(tiny_bundle, monkeypatch):
    from onnx_checks import first_logits, greedy_ids

    from terminus_edge.runtime.chat_model import OnnxChatModel

    bundle = tiny_bundle("qwen3", "int4")
    model = OnnxChatModel.load(bundle, ep="cpu", threads=1, prepacked_cache="off")
    assert model.released_pages.mappings > 0
    data = str((bundle / "model.onnx.data").resolve())
    assert all(m.rss_kib == 0 for m in mapped_pages.read_mappings() if m.path == data)
    ids = [5, 9, 17, 33, 2]
    logits, tokens, again = first_logits(model, ids), greedy_ids(model, ids, 12), greedy_ids(model, ids, 12)

    monkeypatch.setattr(mapped_pages, "release", lambda files: mapped_pages.Released(0, 0, 0))
    kept = OnnxChatModel.load(bundle, ep="cpu", threads=1, prepacked_cache="off")
    assert kept.released_pages.mappings == 0
    assert (first_logits(kept, ids) == logits).all()
    assert tokens == again == greedy_ids(kept, ids, 12)


def test_streamed_generation_gives_pages_back_when_it_ends(tiny_bundle, monkeypatch):
    from terminus_edge.runtime.chat_model import OnnxChatModel
    from terminus_edge.runtime.generate import GenerationParams

    model = OnnxChatModel.load(tiny_bundle("qwen3", "int4"), ep="cpu", threads=1, prepacked_cache="off")
    calls = []
    monkeypatch.setattr(mapped_pages, "release_again", lambda released: calls.append(released) or 0)
    params = GenerationParams(max_new_tokens=6, ignore_eos=True)
    generation = model.stream_ids([5, 9, 17], params)
    deltas = list(generation)
    assert calls == [model.released_pages]
    assert generation.result.token_ids == model.generate_ids([5, 9, 17], params).token_ids
    assert "".join(deltas) == generation.result.text
    assert model.last_stats.new_tokens == 6

    abandoned = iter(model.stream_ids([5, 9, 17], params))
    next(abandoned)
    abandoned.close()  # a caller that stops reading early still gives the pages back
    assert len(calls) == 3
