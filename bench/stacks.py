"""Summaries of py-spy's raw (collapsed) stacks: where the samples went."""

import re
from collections import Counter
from pathlib import Path

_LINE = re.compile(r":\d+\)$")


def summarize(raw: Path, top: int = 40) -> str:
    """The functions seen in most samples (inclusive), and the busiest own frames."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_LINE.sub(")", f) for f in stack.split(";") if "(" in f]
        if not frames or not count.isdigit():
            continue  # a frame name with a line break in it splits a stack
        n = int(count)
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    lines = [f"{total} samples; functions by share of samples (inclusive):"]
    lines += [f"{100 * n / total:5.1f}%  {f}" for f, n in inclusive.most_common(top)]
    lines.append("own time (the frame on top of the stack):")
    lines += [f"{100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top // 2)]
    return "\n".join(lines)
