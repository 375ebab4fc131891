#!/usr/bin/env python3
"""Checks `mqtt5-inspect session` on one conversation against its expected verdicts.

    python3 session_check.py INSPECT NAME.conv [NAME.expect]

NAME.expect (next to NAME.conv by default) has one line per packet line of NAME.conv, in order
(/work/contracts/session_verb.md, issue 10 item 4):
    INDEX ok [topic=TOPIC]          accepted; with topic=, the PUBLISH's resolved_topic must be TOPIC
    INDEX error REASON [ERRC]       refused; REASON 0xNN or null must equal reason_code; ERRC, when
                                    given, must equal error (an errc name, invalid_hex or invalid_line)
Lines starting with # and blank lines are skipped. The tool's output must have exactly one line per
packet line of NAME.conv, with the same indexes as NAME.expect; any missing, extra or different line
fails, naming the file, index and label. The exit status must be 0 when every line is ok, else 1.
Prints "NAME: passed" and exits 0, or prints every difference and exits 1.
"""
import json
import os
import subprocess
import sys


def packet_line_indexes(conv_path):
    """The 0-based line numbers of the packet lines of a conversation (not blank, #, or close)."""
    indexes = []
    with open(conv_path, encoding="utf-8") as f:
        for number, line in enumerate(f.read().split("\n")):
            text = line.strip()
            if not text or text.startswith("#") or text == "close":
                continue
            indexes.append(number)
    # A final newline makes an empty last "line" that getline() never reads: it is blank anyway.
    return indexes


def parse_expect(expect_path, problems):
    """{index: (line number in .expect, verdict)}; verdict is ("ok", topic|None) or ("error", reason, errc|None)."""
    expected = {}
    with open(expect_path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            where = f"{os.path.basename(expect_path)}:{number}"
            words = text.split()
            try:
                index = int(words[0])
            except ValueError:
                problems.append(f"{where}: not INDEX ok|error ...: {text!r}")
                continue
            if index in expected:
                problems.append(f"{where}: index {index} given twice")
                continue
            if len(words) >= 2 and words[1] == "ok" and len(words) <= 3:
                topic = None
                if len(words) == 3:
                    if not words[2].startswith("topic="):
                        problems.append(f"{where}: after ok only topic=TOPIC may follow: {text!r}")
                        continue
                    topic = words[2][len("topic="):]
                expected[index] = (number, ("ok", topic))
            elif len(words) >= 3 and words[1] == "error" and len(words) <= 4:
                reason = words[2]
                if reason != "null":
                    try:
                        if not reason.lower().startswith("0x"):
                            raise ValueError
                        reason = int(reason, 16)
                    except ValueError:
                        problems.append(f"{where}: REASON must be 0xNN or null: {text!r}")
                        continue
                else:
                    reason = None
                errc = words[3] if len(words) == 4 else None
                expected[index] = (number, ("error", reason, errc))
            else:
                problems.append(f"{where}: not INDEX ok [topic=T] or INDEX error REASON [ERRC]: {text!r}")
    return expected


def describe(out):
    """An output line, short: its verdict as an .expect line would say it."""
    if out.get("ok") is True:
        topic = out.get("resolved_topic")
        return "ok" + (f" topic={topic}" if topic is not None else "")
    reason = out.get("reason_code")
    reason = "null" if reason is None else f"0x{reason:02x}"
    return f"error {reason} {out.get('error')} (offset {out.get('offset')})"


def check(inspect, conv_path, expect_path):
    name = os.path.basename(conv_path)
    problems = []
    conv_indexes = packet_line_indexes(conv_path)
    expected = parse_expect(expect_path, problems)

    # The .expect must speak of exactly the packet lines of the .conv.
    for index in conv_indexes:
        if index not in expected:
            problems.append(f"{name}: index {index}: a packet line with no line in {os.path.basename(expect_path)}")
    for index in sorted(set(expected) - set(conv_indexes)):
        problems.append(f"{os.path.basename(expect_path)}:{expected[index][0]}: index {index} is not a packet line of {name}")

    run = subprocess.run([inspect, "session", conv_path], capture_output=True, text=True, timeout=120)
    if run.returncode not in (0, 1):
        problems.append(f"{name}: exit status {run.returncode}: {run.stderr.strip()}")
    outputs = {}
    previous = -1
    for number, line in enumerate(run.stdout.splitlines(), start=1):
        try:
            out = json.loads(line)
            index = out["index"]
        except (ValueError, KeyError, TypeError):
            problems.append(f"{name}: output line {number} is not a JSON object with an index: {line!r}")
            continue
        if index <= previous:
            problems.append(f"{name}: output line {number}: index {index} after index {previous} (not in input order)")
        previous = index
        outputs[index] = out

    for index, (number, verdict) in sorted(expected.items()):
        out = outputs.get(index)
        if out is None:
            problems.append(f"{name}: index {index}: no output line (expected {' '.join(str(v) for v in verdict if v is not None)})")
            continue
        label = out.get("label", "")
        where = f"{name}: index {index} [{label}]"
        if verdict[0] == "ok":
            topic = verdict[1]
            if out.get("ok") is not True:
                problems.append(f"{where}: expected ok, got {describe(out)}")
            elif topic is not None and out.get("resolved_topic") != topic:
                problems.append(f"{where}: expected ok topic={topic}, got {describe(out)}")
        else:
            reason, errc = verdict[1], verdict[2]
            want = f"error {'null' if reason is None else f'0x{reason:02x}'}" + (f" {errc}" if errc else "")
            if out.get("ok") is not False:
                problems.append(f"{where}: expected {want}, got {describe(out)}")
            elif out.get("reason_code") != reason or (errc is not None and out.get("error") != errc):
                problems.append(f"{where}: expected {want}, got {describe(out)}")
    for index in sorted(set(outputs) - set(expected)):
        out = outputs[index]
        problems.append(f"{name}: index {index} [{out.get('label', '')}]: extra output line: {describe(out)}")

    all_ok = bool(outputs) and all(o.get("ok") is True for o in outputs.values())
    if not outputs and not conv_indexes:
        all_ok = True
    if run.returncode in (0, 1) and run.returncode != (0 if all_ok else 1):
        problems.append(f"{name}: exit status {run.returncode}, expected {0 if all_ok else 1}")

    for p in problems:
        print(f"FAIL: {p}")
    stem = os.path.splitext(name)[0]
    if problems:
        print(f"{stem}: {len(problems)} difference(s)")
        return 1
    print(f"{stem}: passed ({len(expected)} packet lines)")
    return 0


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    inspect, conv_path = argv[1], argv[2]
    expect_path = argv[3] if len(argv) == 4 else os.path.splitext(conv_path)[0] + ".expect"
    for path in (conv_path, expect_path):
        if not os.path.isfile(path):
            print(f"FAIL: {path}: no such file")
            return 1
    return check(inspect, conv_path, expect_path)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
