"""A pager's own prompt lines (less's ':' and '(END)', more's '--More--') are no output line worth showing."""

from terminus_edge.summarize import summarize


def test_pager_prompts_are_not_shown_as_output_lines():
    commits = "".join(f"commit {i:040x}\nAuthor: Dev <dev@example.com>\n\n    change number {i}\n\n" for i in range(1, 40))
    for prompt in (":", "(END)", "--More--(42%)"):
        body = summarize("git log", (commits + prompt + "\n").encode(), 0).body
        shown = [line.strip() for line in body.splitlines()]
        assert prompt not in shown, body
