#!/usr/bin/env python3
"""Checks `mqtt5-inspect check` against one cloud-profile vector file (/work/contracts/check_vectors.md).

usage: check_vectors.py TOOL FILE.hex|FILE.conv RULES_HPP
       check_vectors.py --coverage FOLDER RULES_HPP

NAME.hex: `decode --hex` lines with header comments `# profile:` (required), `# version:` (default 5),
`# direction:` (default c2s), `# proves:`. NAME.expect: `INDEX clean`, `INDEX undecodable` or
`INDEX RULE=ACTION ...` (exactly that set, order free) for every packet line, INDEX the 0-based line number.
NAME.conv: a `mqtt5-inspect session` conversation, run with `check --session` (skipped with exit code 77 while
the tool does not have it). Checked besides: every `# proves:` id is in the rule table (RULES_HPP); each violation
has rule, action, found, allowed and a non-empty source, and a reason_code exactly when the action has one; the
exit status is 0 when every packet is clean, else 1. A file may prove a rule by a near miss only (the rule does
not apply on that version) or by a packet that does not decode, so `# proves:` does not require a violation in
the same file: --coverage requires one somewhere instead.

--coverage: every rule id of RULES_HPP is broken by at least one .expect line of FOLDER, except the ids listed in
FOLDER/README.md under "## Rule ids no vector breaks" as bullets "- `rule.id`: reason" (the reason is required,
and a listed id that some vector does break is an error too: the list must not go stale).
"""
import json
import os
import re
import subprocess
import sys

SKIP = 77


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def read_headers(lines):
    headers = {"version": "5", "direction": "c2s", "proves": []}
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if not text.startswith("#"):
            break
        m = re.match(r"#\s*(profile|version|direction|proves)\s*:\s*(.*)$", text)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "proves":
            headers["proves"] += value.split()
        else:
            headers[key] = value
    return headers


def packet_indices(lines, conv):
    out = []
    for number, line in enumerate(lines):
        text = line.strip()
        if not text or text.startswith("#") or (conv and text == "close"):
            continue
        out.append(number)
    return out


def read_expect(path):
    expect = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            parts = text.split()
            index = int(parts[0])
            if index in expect:
                fail("%s: index %d listed twice" % (path, index))
            if parts[1:] == ["clean"]:
                expect[index] = ("ok", set())
            elif parts[1:] == ["undecodable"]:
                expect[index] = ("undecodable", set())
            else:
                pairs = set()
                for pair in parts[1:]:
                    if "=" not in pair:
                        fail("%s: index %d: '%s' is not RULE=ACTION" % (path, index, pair))
                    pairs.add(normal(pair))
                expect[index] = ("ok", pairs)
    return expect


def normal(pair):
    rule, action = pair.split("=", 1)
    return rule + "=" + action.lower()


def rule_ids(rules_hpp):
    """The rule ids of the rule table, in table order."""
    with open(rules_hpp, encoding="utf-8") as f:
        ids = re.findall(r'\{rule_id::\w+, "([a-z0-9_.]+)"', f.read())
    if not ids:
        fail("%s: no rule table found" % rules_hpp)
    return ids


def coverage(folder, rules_hpp):
    """--coverage: every rule id is broken by some .expect line of the folder, or listed in its README."""
    known = rule_ids(rules_hpp)
    broken = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".expect"):
            for _, pairs in read_expect(os.path.join(folder, name)).values():
                for pair in pairs:
                    broken.setdefault(pair.split("=", 1)[0], name)
    readme = os.path.join(folder, "README.md")
    exempt, in_section = {}, False
    with open(readme, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_section = line.strip() == "## Rule ids no vector breaks"
                continue
            m = re.match(r"- `([a-z0-9_.]+)`\s*:\s*(.*)$", line.strip()) if in_section else None
            if m:
                exempt[m.group(1)] = m.group(2).strip()
    errors = []
    for rule, reason in sorted(exempt.items()):
        if rule not in known:
            errors.append("README lists '%s', which is not a rule id of the rule table" % rule)
        elif not reason:
            errors.append("README lists '%s' without a reason" % rule)
        elif rule in broken:
            errors.append("README lists '%s' as broken by no vector, but %s breaks it" % (rule, broken[rule]))
    for rule in known:
        if rule not in broken and rule not in exempt:
            errors.append("no .expect line breaks '%s' (and the README does not say why)" % rule)
    for rule in sorted(broken):
        if rule not in known:
            errors.append("%s breaks '%s', which is not a rule id of the rule table" % (broken[rule], rule))
    if errors:
        fail("%s:\n  %s" % (folder, "\n  ".join(errors)))
    print("ok: %d rule ids, %d broken by a vector, %d listed in the README with a reason"
          % (len(known), len(set(known) & set(broken)), len(exempt)))
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--coverage":
        return coverage(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    tool, vector, rules_hpp = sys.argv[1:]
    conv = vector.endswith(".conv")
    with open(vector, encoding="utf-8") as f:
        lines = f.read().splitlines()
    headers = read_headers(lines)
    if "profile" not in headers:
        fail("%s: no '# profile:' header" % vector)
    expect = read_expect(os.path.splitext(vector)[0] + ".expect")

    known = set(rule_ids(rules_hpp))
    for rule in headers["proves"]:
        if rule not in known:
            fail("%s: '# proves: %s' is not a rule id of the rule table" % (vector, rule))

    command = [tool, "check", "--profile", headers["profile"], "--version", headers["version"]]
    if conv:
        command.append("--session")
    else:
        command += ["--direction", headers["direction"], "--hex"]
    command.append(vector)
    run = subprocess.run(command, capture_output=True, text=True)
    if conv and run.returncode == 2 and "--session is not available" in run.stderr:
        print("SKIP: %s needs check --session, which this mqtt5-inspect does not have yet" % vector)
        return SKIP
    if run.returncode not in (0, 1):
        fail("%s: exit status %d: %s" % (" ".join(command), run.returncode, run.stderr.strip()))

    got = {}
    for text in run.stdout.splitlines():
        obj = json.loads(text)
        index = obj["index"]
        if not obj["ok"]:
            got[index] = ("undecodable", set())
            continue
        pairs = set()
        for v in obj["violations"]:
            for key in ("rule", "action", "found", "allowed", "source"):
                if key not in v:
                    fail("index %d: violation without '%s': %s" % (index, key, v))
            if not v["source"]:
                fail("index %d: %s has an empty source" % (index, v["rule"]))
            m = re.match(r"^(reject|disconnect):0x([0-9A-Fa-f]{2})$", v["action"])
            if m and v.get("reason_code") != int(m.group(2), 16):
                fail("index %d: %s: reason_code %s does not match action %s" % (index, v["rule"], v.get("reason_code"), v["action"]))
            if not m and "reason_code" in v:
                fail("index %d: %s: reason_code with action %s" % (index, v["rule"], v["action"]))
            pairs.add(normal(v["rule"] + "=" + v["action"]))
        if obj.get("violations_overflowed"):
            fail("index %d: the report overflowed" % index)
        got[index] = ("ok", pairs)

    errors = []
    for index in packet_indices(lines, conv):
        if index not in expect:
            errors.append("line %d: a packet with no line in the .expect" % index)
    for index, (status, pairs) in sorted(expect.items()):
        if index not in got:
            errors.append("index %d: expected, but the tool printed nothing for it" % index)
            continue
        got_status, got_pairs = got[index]
        if status != got_status:
            errors.append("index %d: expected %s, got %s" % (index, status, got_status))
        elif pairs != got_pairs:
            errors.append("index %d: expected %s, got %s" % (index, sorted(pairs) or "clean", sorted(got_pairs) or "clean"))
    any_broken = any(status == "undecodable" or pairs for status, pairs in expect.values())
    if run.returncode != (1 if any_broken else 0):
        errors.append("exit status %d, expected %d" % (run.returncode, 1 if any_broken else 0))
    if errors:
        fail("%s:\n  %s" % (vector, "\n  ".join(errors)))
    print("ok: %s (%d packets)" % (vector, len(expect)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
