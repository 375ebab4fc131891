#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from the project's test vectors.

Run by hand when the vectors change (the corpora are committed; nothing reads this at test time):
    python3 fuzz/make_seed_corpus.py path/to/edge_cases.json
The edge cases come from the spec extraction (spec/edge_cases.json); the canonical packets are below.
"""
import hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))

CANONICAL = {
    "P1": "32b9030026646576696365732f6465762d303030312f74656c656d657472792f74656d7065726174757265002a8d0101010200000e1023000508001a646576696365732f6465762d303030312f726573706f6e7365730900100102030405060708090a0b0c0d0e0f1026000874726163652d696400203462663932663335373762333464613661336365393239643065306534373336260006736f75726365000873656e736f722d610300106170706c69636174696f6e2f6a736f6e" + "61" * 256,
    "P2": "30160003742f3100abababababababababababababababab",
    "P3": "10930100044d51545405c6003c1c1100000e102100642700020000220008260003617070000464656d6f00086465762d3030303117180000001e020000025803000a746578742f706c61696e0017646576696365732f6465762d303030312f73746174757300076f66666c696e6500047573657200203031323334353637383941424344454630313233343536373839414243444546",
    "P4": "824b0007020b0c0005612f2b2f6301000973656e736f72732f230500102473686172652f67312f6a6f62732f2b010014646576696365732f6465762d303030312f636d64010005782f792f7a21",
    "P5": "400b002a10071f00046e6f6e65",
    "P5b": "4002002a",
    "P6": "e02c8e2a1f0012616e6f7468657220636f6e6e656374696f6e1c00126261636b75702e6578616d706c652e636f6d",
    "connack_props": "201d000019110000003c2100142200082401250027000010002800290129012a01",
    "pingresp": "d000",
    "auth": "f00f18000d150008534352414d2d31",
}

PROFILE_PACKETS = {
    "qos2_v5": "0034090003612f6200010078",
    "pubrel_v311": "0162020001",
    "connect_ka10_v5": "00101000044d5154540502000a000003646576",
    "connect_will_v311": "01101700044d515454040e003c0003646576000377696c000178",
    "devicebound_s2c_v311": "0332280024646576696365732f6465762d30312f6d657373616765732f646576696365626f756e642f0001",
}
STRINGS = ["a/b/c", "sensors/#", "+/+/x", "$share/g/a/+", "$share//a", "$share/g", "a#", "a/#/b", "#", "+",
           "$SYS/broker", "\ufeffa", "caf\u00e9", "\U0001F600/x", "", "/", "//", "a//b"]
TOPIC_PAIRS = [("sport/#", "sport"), ("sport/#", "sport/tennis/player1"), ("+/+", "/finance"), ("#", "$SYS/x"),
               ("$SYS/#", "$SYS/broker"), ("$share/g/a/+", "a/b"), ("a/+/c", "a/b/c"), ("+", "a/b")]


def write(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    cases = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else []
    packets = {k: bytes.fromhex(v) for k, v in CANONICAL.items()}
    for c in cases:
        h = (c.get("hex") or "").replace(" ", "")
        if not h:
            continue
        try:
            packets["case%03d" % c["n"]] = bytes.fromhex(h)
        except ValueError:
            pass  # "(any)" / "(filter string)" cases have no bytes
    for name, data in packets.items():
        write("decode_any", name, data)
        write("decode_any", name + "_opts", data + bytes([0x3c]))
    # framer: [max size selector][lenient][chunk seed] + stream
    stream = b"".join(packets[k] for k in ("P1", "P2", "P5b", "P4")) * 2
    write("framer", "s1_small", bytes([0x40, 0, 7]) + stream)
    write("framer", "s1_tiny_limit", bytes([0x02, 1, 3]) + stream)
    write("framer", "split_header", bytes([0xff, 0, 1]) + packets["P3"] + packets["P6"])
    for i, s in enumerate(STRINGS):
        write("utf8", "s%02d" % i, s.encode("utf-8"))
        write("topic", "f%02d" % i, s.encode("utf-8") + b"\xff" + b"a/b")
    for bad in (b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"a\x00b", b"\xe2\x82", b"\x80"):
        write("utf8", "bad_" + hashlib.sha1(bad).hexdigest()[:8], bad)
    for i, (f, t) in enumerate(TOPIC_PAIRS):
        write("topic", "m%02d" % i, f.encode() + b"\xff" + t.encode())
    for name, data in packets.items():  # roundtrip: any bytes drive the generator
        write("roundtrip", name, data[:64])
    # profiles: [selector: bit 0 3.1.1, bit 1 cloud to device] + one packet; canonical v5 packets both ways,
    # and packets that break cloud rules (QoS 2, PUBREL, keep alive 10, 3.1.1 CONNECT with a Will).
    for name in ("P1", "P2", "P3", "P4", "P5", "P6", "connack_props", "auth"):
        write("profiles", name + "_c2s", bytes([0]) + packets[name])
        write("profiles", name + "_s2c", bytes([2]) + packets[name])
    for name, h in PROFILE_PACKETS.items():
        write("profiles", name, bytes.fromhex(h))
    # With the connection's facts: selector bit 2, the Client Identifier; bit 3, the PUBLISH's Topic Name after
    # Topic Alias resolution; each a length byte and its bytes, before the packet.
    def fact(text):
        return bytes([len(text)]) + text.encode()
    write("profiles", "P1_c2s_identity", bytes([0x0C]) + fact("dev-0001") + fact("devices/dev-0001/messages/events/") + packets["P1"])
    write("profiles", "P2_c2s_resolved_topic", bytes([0x08]) + fact("devices/dev-0001/messages/events/") + packets["P2"])
    write("profiles", "devicebound_s2c_v311_other_device", bytes([0x07]) + fact("dev-02") + bytes.fromhex(PROFILE_PACKETS["devicebound_s2c_v311"])[1:])


main()
