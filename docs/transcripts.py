#!/usr/bin/env python3
"""Regenerates the README's transcripts: runs each command shown in a block marked

    <!-- transcript[: lines=RANGES] -->
    ```
    $ COMMAND
    ...
    ```

from the repository root and puts what it prints today under it. RANGES (for example
"1-4,8,-6": lines 1 to 4, line 8 and the last 6) keep a long output short; the lines left out
become "...". Commands starting with `java` run as they are (build first: `mvn -B -q package
-DskipTests -pl samples -am`); others (cat) run in the shell. samples' ReadmeCommandsTest runs the
same commands and checks that the lines shown are still printed.

    python3 docs/transcripts.py            # rewrite README.md
    python3 docs/transcripts.py --check    # exit 1 if a transcript is out of date
    python3 docs/transcripts.py --section "The chapter, runnable"   # only the blocks under that heading

The `descent` command's plot gathers the curves of the runs before it in out/, so its old curves
(out/descent-*.csv) are removed first: the transcripts start from none, as ReadmeCommandsTest's
fresh output directory does.
"""
import glob
import os
import re
import subprocess
import sys

MARK = re.compile(r"<!-- transcript(?::\s*lines=(?P<lines>[-0-9,]+))?\s*-->\n```[a-z]*\n(?P<body>.*?)```", re.S)
TIME = re.compile(r"\d+\.\d+ s\b")


def keep(lines, ranges):
    if not ranges:
        return lines
    n = len(lines)
    chosen = set()
    for part in ranges.split(","):
        if part.startswith("-"):
            chosen.update(range(max(0, n - int(part[1:])), n))
        elif "-" in part:
            a, b = part.split("-")
            chosen.update(range(int(a) - 1, min(n, int(b))))
        else:
            chosen.add(int(part) - 1)
    out, gap = [], False
    for i, line in enumerate(lines):
        if i in chosen:
            out.append(line)
            gap = False
        elif not gap:
            out.append("...")
            gap = True
    return out


def run(command):
    done = subprocess.run(command, shell=True, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {command}\n{done.stdout}{done.stderr}")
    return done.stdout.rstrip("\n").split("\n")


def block(match):
    commands = [line[2:] for line in match.group("body").split("\n") if line.startswith("$ ")]
    text = []
    for command in commands:
        text.append("$ " + command)
        output = run(command)
        text.extend(keep(output, match.group("lines")) if command.startswith("java") else output)
    head = match.group(0).split("\n")[:2]
    return "\n".join(head) + "\n" + "\n".join(text) + "\n```"


def section_bounds(readme, name):
    start = readme.index("\n## " + name + "\n")
    end = readme.find("\n## ", start + 1)
    return start, len(readme) if end < 0 else end


def main():
    readme = open("README.md").read()
    for curve in glob.glob("out/descent-*.csv"):
        os.remove(curve)
    if "--section" in sys.argv:
        start, end = section_bounds(readme, sys.argv[sys.argv.index("--section") + 1])
        updated = readme[:start] + MARK.sub(block, readme[start:end]) + readme[end:]
    else:
        updated = MARK.sub(block, readme)
    if "--check" in sys.argv:
        same = TIME.sub("T s", updated) == TIME.sub("T s", readme)
        print("transcripts up to date" if same else "transcripts out of date: run python3 docs/transcripts.py")
        sys.exit(0 if same else 1)
    open("README.md", "w").write(updated)


if __name__ == "__main__":
    main()
