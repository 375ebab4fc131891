#!/usr/bin/env python3
"""Writes the seed corpus of the `session` fuzz target (fuzz/session.cpp) under fuzz/corpus/session/: realistic
conversations, each from the side of one connection object (Client or Server, v5 or 3.1.1), in the target's input
format. Run by hand when that format changes (the corpus is committed; nothing reads this at test time):
    python3 fuzz/make_session_corpus.py

Input format (see fuzz/session.cpp): byte 0 = setup (bit 0 Server, bit 1 tiny capacities, bits 2-3 version
0 v5 / 1 3.1.1 / 2 3.1, bits 4-5 outbound alias policy), byte 1 = timing; then steps: op 0 receive raw / op 1 send
raw (2-byte length + packet bytes), op 2 / 3 receive / send a built packet (type byte + 3 field bytes), op 4 send
the due ack, 5 close, 6 open (+ version byte), 7 advance (+ byte x 50 ms) and poll, 8 poll, 9 set_protocol_version.
"""
import os, struct

here = os.path.dirname(os.path.abspath(__file__))
V5, V311 = 5, 4


def vbi(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def s(t):
    t = t.encode() if isinstance(t, str) else t
    return struct.pack(">H", len(t)) + t


def u16(n):
    return struct.pack(">H", n)


def props(v, p):
    return vbi(len(p)) + p if v == V5 else b""


def pkt(first, body):
    return bytes([first]) + vbi(len(body)) + body


def connect(v, client_id="dev-1", clean=True, keep_alive=10, p=b""):
    return pkt(0x10, s("MQTT") + bytes([v, 0x02 if clean else 0]) + u16(keep_alive) + props(v, p) + s(client_id))


def connack(v, present=False, code=0, p=b""):
    return pkt(0x20, bytes([1 if present else 0, code]) + props(v, p))


def publish(v, topic, qos=0, pid=0, payload=b"hello", p=b"", dup=False, retain=False):
    body = s(topic) + (u16(pid) if qos else b"") + props(v, p) + payload
    return pkt(0x30 | (8 if dup else 0) | qos << 1 | (1 if retain else 0), body)


def ack(kind, pid):  # 4 PUBACK, 5 PUBREC, 6 PUBREL, 7 PUBCOMP: success, the short form of both versions
    return pkt(kind << 4 | (2 if kind == 6 else 0), u16(pid))


def subscribe(v, pid, *filters):
    return pkt(0x82, u16(pid) + props(v, b"") + b"".join(s(f) + b"\x01" for f in filters))


def suback(v, pid, n):
    return pkt(0x90, u16(pid) + props(v, b"") + b"\x01" * n)


PINGREQ, PINGRESP, DISCONNECT = b"\xc0\x00", b"\xd0\x00", b"\xe0\x00"
RM4 = b"\x21" + u16(4)  # Receive Maximum 4 (the small capacity set holds 4)
TAM3 = b"\x22" + u16(3)  # Topic Alias Maximum 3


def rx(p):
    return bytes([0]) + u16(len(p)) + p


def tx(p):
    return bytes([1]) + u16(len(p)) + p


DUE, CLOSE, POLL = b"\x04", b"\x05", b"\x08"


def advance(ms):
    return bytes([7, min(255, ms // 50)])


def open_(v):
    return bytes([6, 0 if v == V5 else 1])


def client(v):
    """A Client's conversation: connect, subscribe, QoS 1 and 2 both ways, keep alive, reconnect with a session."""
    ca = (RM4 + TAM3) if v == V5 else b""
    steps = [tx(connect(v, clean=True, p=RM4 + TAM3 + b"\x11" + struct.pack(">I", 60) if v == V5 else b"")),
             rx(connack(v, p=ca)),
             tx(subscribe(v, 1, "devices/+/cmd")), rx(suback(v, 1, 1)),
             tx(publish(v, "devices/dev-1/telemetry", 1, 2)), rx(ack(4, 2)),
             rx(publish(v, "devices/dev-1/cmd", 1, 7)), DUE,
             rx(publish(v, "devices/dev-1/cmd", 2, 8)), DUE, rx(ack(6, 8)), DUE,
             tx(publish(v, "devices/dev-1/telemetry", 2, 3)), rx(ack(5, 3)), DUE, rx(ack(7, 3)),
             advance(10000), tx(PINGREQ), rx(PINGRESP), advance(16000),
             tx(publish(v, "devices/dev-1/telemetry", 1, 4)),
             CLOSE, open_(v), tx(connect(v, clean=False, p=RM4 if v == V5 else b"")),
             rx(connack(v, present=True, p=ca)),
             tx(publish(v, "devices/dev-1/telemetry", 1, 4, dup=True)), rx(ack(4, 4)), tx(DISCONNECT)]
    if v == V5:  # aliases: set one, then use it with an empty topic
        steps[6:6] = [rx(publish(v, "devices/dev-1/cmd", 0, p=b"\x23" + u16(1))), rx(publish(v, "", 0, p=b"\x23" + u16(1)))]
    return bytes([0 | (0 if v == V5 else 4) | 0x20, 0]) + b"".join(steps)


def server(v):
    """A Server's conversation: the mirror image, with a window kept full and freed."""
    steps = [rx(connect(v, clean=True, p=RM4 + TAM3 + b"\x11" + struct.pack(">I", 60) if v == V5 else b"")),
             tx(connack(v, p=RM4 + TAM3 if v == V5 else b"")),
             rx(subscribe(v, 1, "devices/+/telemetry", "$share/g/jobs/#")), DUE,
             rx(publish(v, "devices/dev-1/telemetry", 1, 2)), rx(publish(v, "devices/dev-1/telemetry", 1, 3)),
             rx(publish(v, "devices/dev-1/telemetry", 1, 4)), rx(publish(v, "devices/dev-1/telemetry", 1, 5)),
             rx(publish(v, "devices/dev-1/telemetry", 1, 6)),
             tx(ack(4, 2)), tx(ack(4, 3)), tx(ack(4, 4)), tx(ack(4, 5)),
             rx(publish(v, "devices/dev-1/telemetry", 2, 9)), DUE, rx(ack(6, 9)), DUE,
             tx(publish(v, "devices/dev-1/cmd", 1, 1)), rx(ack(4, 1)),
             tx(publish(v, "devices/dev-1/cmd", 2, 2)), rx(ack(5, 2)), DUE, rx(ack(7, 2)),
             rx(PINGREQ), DUE, advance(12000), POLL, advance(4000), CLOSE, open_(v),
             rx(connect(v, clean=False)), tx(connack(v, present=True)), rx(DISCONNECT)]
    return bytes([1 | (0 if v == V5 else 4) | 0x20, 0]) + b"".join(steps)


def steady(v, role):
    """Steady state: PUBLISH QoS 1 forever, each answered with its PUBACK."""
    hs = ([tx(connect(v, p=RM4 if v == V5 else b"")), rx(connack(v, p=RM4 if v == V5 else b""))] if role == 0 else
          [rx(connect(v, p=RM4 if v == V5 else b"")), tx(connack(v, p=RM4 if v == V5 else b""))])
    loop = [rx(publish(v, "t", 1, 1 + i % 4)) + DUE for i in range(20)]
    return bytes([role | (0 if v == V5 else 4), 0]) + b"".join(hs + loop)


def built(v, role):
    """The same shapes through the built-packet ops (type byte + 3 field bytes)."""
    b = lambda op, t, a=0, x=0, c=0: bytes([op, t - 1, a, x, c])
    if role == 0:
        steps = [b(3, 1, 0x02, 0x03, 0x03), b(2, 2, 0, 0x03, 0x03), b(3, 3, 0x11, 1), b(2, 4, 0, 1), b(2, 3, 0x12, 2, 0x81),
                 DUE, b(2, 3, 0x22, 3, 0x81), DUE, b(2, 6, 0, 3), DUE, CLOSE, open_(v), b(3, 1, 0, 0x08, 0x40)]
    else:
        steps = [b(2, 1, 0x02, 0x03, 0x03), b(3, 2, 0, 0x03, 0x03), b(2, 3, 0x11, 1, 0x81), b(2, 3, 0x11, 2, 0x80), DUE,
                 b(2, 8, 0x01, 4), DUE, b(3, 3, 0x12, 3), b(2, 5, 0, 3), DUE, b(2, 7, 0, 3), b(2, 14, 0, 0, 0)]
    return bytes([role | (0 if v == V5 else 4), 0]) + b"".join(steps)


def main():
    d = os.path.join(here, "corpus", "session")
    os.makedirs(d, exist_ok=True)
    seeds = {}
    for v, name in ((V5, "v5"), (V311, "v311")):
        seeds["client_" + name] = client(v)
        seeds["server_" + name] = server(v)
        for role in (0, 1):
            seeds["steady_%s_%s" % (("client", "server")[role], name)] = steady(v, role)
            seeds["built_%s_%s" % (("client", "server")[role], name)] = built(v, role)
    for n, data in seeds.items():
        with open(os.path.join(d, n), "wb") as f:
            f.write(data)


main()
