"""How long the default model's prompts are: gist prompts over real outputs, and the planner's turns."""
import json, sys, numpy as np
from pathlib import Path
from terminus_edge.runtime.bundle import load_bundle
from terminus_edge.summarize import summarize
from terminus_edge.subagent import prompt as sp
from terminus_edge.capture import cut_for_model

B = load_bundle(Path.home() / ".cache/terminus-edge/bundles/smollm2-135m-instruct-int4")
def n_tokens(messages):
    text = B.template.render(messages, add_generation_prompt=True, tools=None)
    return len(B.tokenizer.encode(text, add_special_tokens=False).ids)

class Recorder:
    def __init__(self): self.lengths = []
    def chat(self, messages, **kw):
        self.lengths.append(n_tokens(messages)); return ""

def cases(root):
    for d in sorted(Path(root).iterdir()):
        if (d / "output.txt").is_file() and (d / "command.txt").is_file():
            meta = json.loads((d / "meta.json").read_text()) if (d / "meta.json").is_file() else {}
            yield d.name, (d / "command.txt").read_text().strip(), (d / "output.txt").read_bytes(), meta.get("exit_code", 0)

def pct(a): a = np.array(a); return f"n={len(a)} p50 {np.percentile(a,50):.0f} p90 {np.percentile(a,90):.0f} p99 {np.percentile(a,99):.0f} max {a.max()}"

for root in sys.argv[1:]:
    rec, tool = Recorder(), []
    for name, cmd, raw, code in cases(root):
        summarize(cmd, raw, code, model=rec)
        tool.append(len(B.tokenizer.encode(sp.tool_result_message(code, cut_for_model(raw, sp.TOOL_OUTPUT_LIMIT)), add_special_tokens=False).ids))
    print(root, "gist prompts:", pct(rec.lengths))
    print(root, "one tool-result turn (planner):", pct(tool))
sys_msgs = [{"role": "system", "content": sp.system_prompt("/work/repo")}, {"role": "user", "content": sp.user_message("run the tests and tell me what fails")}]
print("planner first turn (system + request):", n_tokens(sys_msgs))
