"""Session 12 GPU item 1: copies of a builder bundle whose two graphs differ from the builder's in one respect each,
to find which difference from the streaming writer's (otherwise identical) graph changes the CUDA logits.
  noinfo: value_info removed (the builder writes 92 shape annotations; the streaming writer none)
  noempty: GroupQueryAttention's three trailing empty optional inputs dropped (the streaming writer has 9 inputs)
  both: both changes
usage: gqa_variants.py BUNDLE OUT_PARENT  -> OUT_PARENT/<bundle>-<variant>/
"""
import shutil
import sys
from pathlib import Path

import onnx


def change(model: onnx.ModelProto, variant: str) -> None:
    if variant in ("noinfo", "both"):
        del model.graph.value_info[:]
    if variant in ("noempty", "both"):
        for node in model.graph.node:
            if node.op_type == "GroupQueryAttention":
                inputs = list(node.input)
                while inputs and not inputs[-1]:
                    inputs.pop()
                del node.input[:]
                node.input.extend(inputs)


def main(bundle: str, parent: str) -> None:
    source = Path(bundle)
    for variant in ("noinfo", "noempty", "both"):
        out = Path(parent) / f"{source.name}-{variant}"
        shutil.copytree(source, out, dirs_exist_ok=True)
        for name in ("model.onnx", "model.last.onnx"):
            if (source / name).exists():
                model = onnx.load(str(source / name), load_external_data=False)
                change(model, variant)
                onnx.save(model, str(out / name))
        print(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
