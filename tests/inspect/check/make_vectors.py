#!/usr/bin/env python3
"""Generate the cloud-profile vectors of tests/inspect/check/ (issue 11, contract check_vectors.md).

Written from the documents only (/work/shared/docs/cloud-profiles.md, greengrass.md, spec/*.md), not from the
profiles' code. Every packet is described as `mqtt5-inspect encode` JSON (or, for a packet the codec must refuse,
as raw hex), encoded with the repository's own inspector, and then decoded back with `decode --hex` to confirm
that it decodes (or fails to decode) as the expectation says.

usage: make_vectors.py PATH/TO/mqtt5-inspect [OUTDIR]
"""
import hashlib
import hmac
import json
import os
import subprocess
import sys

INSPECT = sys.argv[1] if len(sys.argv) > 1 else "build/dev/examples/inspect/mqtt5-inspect"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))

CLEAN = "clean"
UNDECODABLE = "undecodable"


# ---------------------------------------------------------------------------------------------------------------------
# Packet builders (the JSON of `mqtt5-inspect encode --help`). `v` is the protocol level: 4 or 5. Properties are
# given as (name, value) pairs and dropped for level 4, which has none; a builder never sets one for level 4 itself.

def props(v, pairs):
    if v == 4:
        assert not pairs, "level 4 packets carry no properties"
        return {}
    return {"properties": [{"name": n, "value": val} for n, val in pairs]}


def hexs(s):
    return s.encode("utf-8").hex()


def connect(v, client_id, keep_alive=60, p=(), will=None, username=None, password=None, clean_start=True):
    pk = {"type": "CONNECT", "client_id": client_id, "clean_start": clean_start, "keep_alive": keep_alive}
    pk.update(props(v, list(p)))
    if will is not None:
        pk["will"] = will
    if username is not None:
        pk["username"] = username
    if password is not None:
        pk["password"] = hexs(password)
    return pk


def will(v, topic, payload="offline", qos=0, retain=False, p=()):
    w = {"topic": topic, "payload": hexs(payload), "qos": qos, "retain": retain}
    w.update(props(v, list(p)))
    return w


def publish(v, topic, payload="{}", qos=0, retain=False, dup=False, packet_id=1, p=(), payload_len=None):
    pk = {"type": "PUBLISH", "topic": topic, "qos": qos, "retain": retain, "dup": dup}
    if qos > 0:
        pk["packet_id"] = packet_id
    pk.update(props(v, list(p)))
    pk["payload"] = ("61" * payload_len) if payload_len is not None else hexs(payload)
    return pk


def subscribe(v, filters, packet_id=1, p=()):
    """filters: list of (filter, qos)."""
    subs = [{"topic_filter": f, "qos": q} for f, q in filters]
    pk = {"type": "SUBSCRIBE", "packet_id": packet_id, "subscriptions": subs}
    pk.update(props(v, list(p)))
    return pk


def unsubscribe(v, filters, packet_id=2, p=()):
    pk = {"type": "UNSUBSCRIBE", "packet_id": packet_id, "topic_filters": filters}
    pk.update(props(v, list(p)))
    return pk


def ack(v, kind, packet_id=1, p=()):
    pk = {"type": kind, "packet_id": packet_id}
    pk.update(props(v, list(p)))
    return pk


def simple(kind, **kw):
    pk = {"type": kind}
    pk.update(kw)
    return pk


def connack(v, reason_code=0, p=()):
    pk = {"type": "CONNACK", "reason_code": reason_code}
    pk.update(props(v, list(p)))
    return pk


def suback(v, codes, packet_id=1):
    return {"type": "SUBACK", "packet_id": packet_id, "reason_codes": codes}


def unsuback(v, codes, packet_id=2):
    if v == 4:
        return {"type": "UNSUBACK", "packet_id": packet_id}
    return {"type": "UNSUBACK", "packet_id": packet_id, "reason_codes": codes}


def user_props(n):
    return [("user_property", ["k%d" % i, "v%d" % i]) for i in range(n)]


def topic_of(n, head="dev/"):
    """A topic (or filter) of exactly n UTF-8 bytes with one '/' (inside every limit but the byte count)."""
    assert n > len(head)
    return head + "a" * (n - len(head))


# ---------------------------------------------------------------------------------------------------------------------
# Vector files. A file is (name, header, rows); a row is ("#", comment), (label, packet_json, expect) or, for raw hex,
# (label, {"raw": HEX}, expect). expect is CLEAN, UNDECODABLE or a dict {rule_id: action}.

FILES = []
SESSIONS = []


def vec(name, profile, version, proves, rows, direction="c2s", notes=()):
    FILES.append((name, {"profile": profile, "version": version, "direction": direction, "proves": proves},
                  list(notes), rows))


def conv(name, profile, version, proves, rows, notes=()):
    SESSIONS.append((name, {"profile": profile, "version": version, "proves": proves}, list(notes), rows))


# ---------------------------------------------------------------------------------------------------------------------
# AWS IoT Core

AWS_CID = "sensor-01"


def aws_v(v):
    """v5 and v3.1.1 action strings where the Rule ids table branches on the version."""
    return {
        "qos_pubsub": "disconnect:0x9B" if v == 5 else "no_ack",
        "qos_will": "reject:0x9B" if v == 5 else "reject",
        "client_id": "reject:0x85" if v == 5 else "reject",
    }


for v in (5, 4):
    A = aws_v(v)
    sfx = "_v%d" % v
    rows = [
        ("#", "A device's ordinary traffic: every packet is inside every AWS IoT Core limit."),
        ("CONNECT thing name, keep alive 60",
         connect(v, AWS_CID, 60, p=[("session_expiry_interval", 3600), ("receive_maximum", 100)] if v == 5 else [])),
        ("CONNECT with a will QoS 1, Will Retain (allowed)",
         connect(v, AWS_CID, 300, will=will(v, "dt/sensor-01/status", "offline", qos=1, retain=True))),
        ("SUBSCRIBE shadow delta, jobs notify, a command filter",
         subscribe(v, [("$aws/things/sensor-01/shadow/update/delta", 1), ("$aws/things/sensor-01/jobs/notify", 1),
                       ("cmd/sensor-01/#", 0)])),
        ("PUBLISH QoS 1 telemetry",
         publish(v, "dt/sensor-01/temp", '{"t":21.5}', qos=1, packet_id=7,
                 p=[("message_expiry_interval", 3600), ("topic_alias", 1), ("response_topic", "resp/sensor-01"),
                    ("correlation_data", "0102"), ("user_property", ["site", "lab"])] if v == 5 else [])),
        ("PUBLISH QoS 0 shadow update", publish(v, "$aws/things/sensor-01/shadow/update", '{"state":{}}')),
        ("PUBLISH QoS 1 named shadow get", publish(v, "$aws/things/sensor-01/shadow/name/cfg/get", "", qos=1, packet_id=8)),
        ("PUBLISH QoS 0 jobs get", publish(v, "$aws/things/sensor-01/jobs/get", "{}")),
        ("PUBLISH QoS 0 Basic Ingest", publish(v, "$aws/rules/ingest_rule/dt/sensor-01", "{}")),
        ("PUBLISH QoS 1 retained on an ordinary topic (retained messages supported since 2021)",
         publish(v, "dt/sensor-01/status", "online", qos=1, retain=True, packet_id=9)),
        ("#", "DUP is not honoured by AWS: a note, never a violation (issue 11 item 1)."),
        ("PUBLISH QoS 1 DUP=1", publish(v, "dt/sensor-01/temp", "{}", qos=1, dup=True, packet_id=7)),
        ("PUBACK", ack(v, "PUBACK", 3)),
        ("PINGREQ", simple("PINGREQ")),
        ("UNSUBSCRIBE", unsubscribe(v, ["cmd/sensor-01/#"])),
        ("DISCONNECT", simple("DISCONNECT")),
    ]
    vec("aws_clean" + sfx, "aws", v, [], [(r[0], r[1], CLEAN) if r[0] != "#" else r for r in rows])

    # Cloud-to-device traffic as AWS sends it: its own CONNACK must pass its own profile.
    ack_props = [("maximum_packet_size", 149504), ("receive_maximum", 100), ("topic_alias_maximum", 8),
                 ("maximum_qos", 1), ("retain_available", 1), ("wildcard_subscription_available", 1),
                 ("subscription_identifier_available", 0), ("shared_subscription_available", 1),
                 ("server_keep_alive", 60), ("session_expiry_interval", 3600)] if v == 5 else []
    vec("aws_clean_s2c" + sfx, "aws", v, [], [
        ("#", "What AWS IoT Core sends a device (the CONNACK carries the limits it announces): all clean."),
        ("CONNACK with AWS's announced limits", connack(v, 0, ack_props), CLEAN),
        ("SUBACK granted 1 1 0", suback(v, [1, 1, 0]), CLEAN),
        ("PUBLISH QoS 1 shadow delta", publish(v, "$aws/things/sensor-01/shadow/update/delta", '{"state":{}}',
                                               qos=1, packet_id=1), CLEAN),
        ("PUBLISH QoS 0 command", publish(v, "cmd/sensor-01/reboot", "{}"), CLEAN),
        ("PUBACK", ack(v, "PUBACK", 7), CLEAN),
        ("UNSUBACK", unsuback(v, [0]), CLEAN),
        ("PINGRESP", simple("PINGRESP"), CLEAN),
    ], direction="s2c")

    rows = [
        ("#", "PUBREC, PUBREL, PUBCOMP are unsupported (no QoS 2 flow); PUBACK is the near miss."),
        ("PUBREC", ack(v, "PUBREC", 1), {"aws.packet.unsupported": "unconfirmed"}),
        ("PUBREL", ack(v, "PUBREL", 1), {"aws.packet.unsupported": "unconfirmed"}),
        ("PUBCOMP", ack(v, "PUBCOMP", 1), {"aws.packet.unsupported": "unconfirmed"}),
        ("PUBACK (near miss)", ack(v, "PUBACK", 1), CLEAN),
    ]
    if v == 5:
        rows.append(("AUTH (v5 only)", simple("AUTH"), {"aws.packet.unsupported": "unconfirmed"}))
    vec("aws_packet_unsupported" + sfx, "aws", v, ["aws.packet.unsupported"], rows)

    vec("aws_qos_max" + sfx, "aws", v, ["aws.qos.max"], [
        ("#", "Maximum QoS 1. v3.1.1 PUBLISH/SUBSCRIBE: no ack; v5: DISCONNECT 0x9B; Will QoS 2: CONNACK 0x9B (v5),"),
        ("#", "refused without a documented code (v3.1.1)."),
        ("#", "The MQTT standard would have the Server grant QoS 1 in the SUBACK for a SUBSCRIBE asking QoS 2"),
        ("#", "(3.8.4 v5; [MQTT-3.8.4-5] (3.1.1)) and answer a 3.1.1 QoS 2 PUBLISH with PUBREC: AWS does neither."),
        ("PUBLISH QoS 2", publish(v, "dt/sensor-01/temp", "{}", qos=2, packet_id=5), {"aws.qos.max": A["qos_pubsub"]}),
        ("PUBLISH QoS 1 (near miss)", publish(v, "dt/sensor-01/temp", "{}", qos=1, packet_id=5), CLEAN),
        ("SUBSCRIBE one filter QoS 2", subscribe(v, [("cmd/sensor-01/#", 2)]), {"aws.qos.max": A["qos_pubsub"]}),
        ("SUBSCRIBE QoS 1 and QoS 2 filters", subscribe(v, [("cmd/a", 1), ("cmd/b", 2)]),
         {"aws.qos.max": A["qos_pubsub"]}),
        ("SUBSCRIBE QoS 1 (near miss)", subscribe(v, [("cmd/sensor-01/#", 1)]), CLEAN),
        ("CONNECT Will QoS 2", connect(v, AWS_CID, 60, will=will(v, "dt/sensor-01/status", qos=2)),
         {"aws.qos.max": A["qos_will"]}),
        ("CONNECT Will QoS 1 (near miss)", connect(v, AWS_CID, 60, will=will(v, "dt/sensor-01/status", qos=1)), CLEAN),
    ])

    cid = A["client_id"]
    vec("aws_client_id" + sfx, "aws", v, ["aws.client_id.max_bytes", "aws.client_id.reserved_prefix"], [
        ("#", "Client id 1..128 UTF-8 bytes, not starting with '$'."),
        ("client id of 128 bytes (near miss)", connect(v, "c" * 128), CLEAN),
        ("client id of 129 bytes", connect(v, "c" * 129), {"aws.client_id.max_bytes": cid}),
        ("client id of 64 two-byte characters = 128 bytes (near miss)", connect(v, "\u00e9" * 64), CLEAN),
        ("client id of 43 three-byte characters = 129 bytes (bytes count, not characters)",
         connect(v, "\u20ac" * 43), {"aws.client_id.max_bytes": cid}),
        ("client id $GEN/... sent back", connect(v, "$GEN/8f14e45f-ceea-467f-a0e6-1d6c1b0c1f2a"),
         {"aws.client_id.reserved_prefix": cid}),
        ("client id '$'", connect(v, "$"), {"aws.client_id.reserved_prefix": cid}),
        ("client id with '$' not first (near miss)", connect(v, "a$GEN"), CLEAN),
        ("client id GEN/... without '$' (near miss)", connect(v, "GEN/8f14e45f"), CLEAN),
        ("client id '$' + 128 bytes: both rules", connect(v, "$" + "c" * 128),
         {"aws.client_id.max_bytes": cid, "aws.client_id.reserved_prefix": cid}),
    ])

    vec("aws_keep_alive" + sfx, "aws", v, ["aws.keep_alive.range"], [
        ("#", "Keep alive 30..1200; 0 or above 1200 becomes 1200, below 30 becomes 30 (clamped, not refused)."),
        ("#", "The standard makes 0 'keep alive off' (3.1.2.10); 3.1.1 has no Server Keep Alive to tell the device."),
        ("keep alive 0", connect(v, AWS_CID, 0), {"aws.keep_alive.range": "clamp:1200"}),
        ("keep alive 1", connect(v, AWS_CID, 1), {"aws.keep_alive.range": "clamp:30"}),
        ("keep alive 29", connect(v, AWS_CID, 29), {"aws.keep_alive.range": "clamp:30"}),
        ("keep alive 30 (near miss)", connect(v, AWS_CID, 30), CLEAN),
        ("keep alive 1200 (near miss)", connect(v, AWS_CID, 1200), CLEAN),
        ("keep alive 1201", connect(v, AWS_CID, 1201), {"aws.keep_alive.range": "clamp:1200"}),
        ("keep alive 65535", connect(v, AWS_CID, 65535), {"aws.keep_alive.range": "clamp:1200"}),
    ])

    vec("aws_topic_max_bytes" + sfx, "aws", v, ["aws.topic.max_bytes"], [
        ("#", "Topic name or filter <= 256 UTF-8 bytes; for $share/{ShareName}/{filter} only {filter} counts."),
        ("PUBLISH topic of 256 bytes (near miss)", publish(v, topic_of(256), "x"), CLEAN),
        ("PUBLISH topic of 257 bytes", publish(v, topic_of(257), "x"), {"aws.topic.max_bytes": "reject"}),
        ("PUBLISH topic of 128 two-byte characters = 256 bytes (near miss)",
         publish(v, "dev/" + "\u00e9" * 126, "x"), CLEAN),
        ("PUBLISH topic of 4 + 126 two-byte characters + 1 = 257 bytes",
         publish(v, "dev/" + "\u00e9" * 126 + "x", "x"), {"aws.topic.max_bytes": "reject"}),
        ("SUBSCRIBE filter of 256 bytes (near miss)", subscribe(v, [(topic_of(256), 1)]), CLEAN),
        ("SUBSCRIBE filter of 257 bytes", subscribe(v, [(topic_of(257), 1)]), {"aws.topic.max_bytes": "reject"}),
        ("SUBSCRIBE $share/g1/ + filter of 256 bytes (near miss; 266 bytes in all)",
         subscribe(v, [("$share/g1/" + topic_of(256), 1)]), CLEAN),
        ("SUBSCRIBE $share/g1/ + filter of 257 bytes", subscribe(v, [("$share/g1/" + topic_of(257), 1)]),
         {"aws.topic.max_bytes": "reject"}),
    ])

    vec("aws_topic_max_levels" + sfx, "aws", v, ["aws.topic.max_levels"], [
        ("#", "At most 7 '/' (8 levels) in a topic name or filter; a leading $aws/rules/{rule}/ is not counted."),
        ("PUBLISH 7 slashes (near miss)", publish(v, "a/b/c/d/e/f/g/h", "x"), CLEAN),
        ("PUBLISH 8 slashes", publish(v, "a/b/c/d/e/f/g/h/i", "x"), {"aws.topic.max_levels": "reject"}),
        ("PUBLISH leading slash, 7 slashes (near miss)", publish(v, "/a/b/c/d/e/f/g", "x"), CLEAN),
        ("PUBLISH leading slash, 8 slashes", publish(v, "/a/b/c/d/e/f/g/h", "x"), {"aws.topic.max_levels": "reject"}),
        ("PUBLISH trailing slash, 8 slashes", publish(v, "a/b/c/d/e/f/g/h/", "x"), {"aws.topic.max_levels": "reject"}),
        ("PUBLISH Basic Ingest + 7 slashes (near miss; 10 in all)", publish(v, "$aws/rules/r1/a/b/c/d/e/f/g/h", "x"),
         CLEAN),
        ("PUBLISH Basic Ingest + 8 slashes", publish(v, "$aws/rules/r1/a/b/c/d/e/f/g/h/i", "x"),
         {"aws.topic.max_levels": "reject"}),
        ("SUBSCRIBE filter with 7 slashes (near miss)", subscribe(v, [("a/+/c/d/e/f/g/#", 1)]), CLEAN),
        ("SUBSCRIBE filter with 8 slashes", subscribe(v, [("a/+/c/d/e/f/g/h/#", 1)]), {"aws.topic.max_levels": "reject"}),
    ])

    vec("aws_reserved_topic" + sfx, "aws", v, ["aws.reserved_topic.retain", "aws.reserved_topic.prefix"], [
        ("#", "RETAIN=1 on a $-topic, and PUBLISH to a $-topic outside $aws/things/{thing}/shadow/...,"),
        ("#", "$aws/things/{thing}/jobs/..., $aws/rules/..., $aws/events/...: 'may terminate the connection' = close."),
        ("shadow update RETAIN=1", publish(v, "$aws/things/t1/shadow/update", "{}", retain=True),
         {"aws.reserved_topic.retain": "close"}),
        ("shadow update RETAIN=0 (near miss)", publish(v, "$aws/things/t1/shadow/update", "{}"), CLEAN),
        ("ordinary topic RETAIN=1 (near miss)", publish(v, "dt/t1/status", "{}", retain=True), CLEAN),
        ("Basic Ingest RETAIN=1", publish(v, "$aws/rules/r1/dt", "{}", retain=True),
         {"aws.reserved_topic.retain": "close"}),
        ("$foo/bar: unknown $ family", publish(v, "$foo/bar", "{}"), {"aws.reserved_topic.prefix": "close"}),
        ("$aws/unknown/x", publish(v, "$aws/unknown/x", "{}"), {"aws.reserved_topic.prefix": "close"}),
        ("$aws/things/t1/other: thing topic outside shadow and jobs", publish(v, "$aws/things/t1/other", "{}"),
         {"aws.reserved_topic.prefix": "close"}),
        ("$foo/bar RETAIN=1: both rules", publish(v, "$foo/bar", "{}", retain=True),
         {"aws.reserved_topic.retain": "close", "aws.reserved_topic.prefix": "close"}),
        ("jobs family (near miss)", publish(v, "$aws/things/t1/jobs/start-next", "{}"), CLEAN),
        ("named shadow (near miss)", publish(v, "$aws/things/t1/shadow/name/cfg/update", "{}"), CLEAN),
        ("events family (near miss)", publish(v, "$aws/events/presence/connected/t1", "{}"), CLEAN),
        ("Basic Ingest (near miss)", publish(v, "$aws/rules/r1/dt", "{}"), CLEAN),
        ("'aws/things' without '$' (near miss)", publish(v, "aws/things/t1/other", "{}"), CLEAN),
    ])

    filters8 = [("f/%d" % i, 1) for i in range(8)]
    vec("aws_subscribe_max_filters" + sfx, "aws", v, ["aws.subscribe.max_filters"], [
        ("SUBSCRIBE 8 filters (near miss)", subscribe(v, filters8), CLEAN),
        ("SUBSCRIBE 9 filters", subscribe(v, filters8 + [("f/8", 1)]), {"aws.subscribe.max_filters": "close"}),
        ("SUBSCRIBE 1 filter", subscribe(v, [("f/0", 1)]), CLEAN),
    ])

    vec("aws_payload_max" + sfx, "aws", v, ["aws.payload.max"], [
        ("#", "Payload <= 131072 bytes (the docs), not the advertised Maximum Packet Size 149504 (where sources"),
        ("#", "disagree, item 3). 131073 fits in 149504, so only the profile catches it."),
        ("PUBLISH payload 131072 (near miss)", publish(v, "dt/big", qos=1, payload_len=131072), CLEAN),
        ("PUBLISH payload 131073", publish(v, "dt/big", qos=1, payload_len=131073), {"aws.payload.max": "close"}),
    ])

    vec("aws_shared_subscription_name" + sfx, "aws", v, ["aws.shared_subscription.name"], [
        ("#", "ShareName 1..128 characters; the document gives no action: unconfirmed."),
        ("ShareName of 128 (near miss)", subscribe(v, [("$share/" + "n" * 128 + "/dt/#", 1)]), CLEAN),
        ("ShareName of 129", subscribe(v, [("$share/" + "n" * 129 + "/dt/#", 1)]),
         {"aws.shared_subscription.name": "unconfirmed"}),
    ])

vec("aws_topic_alias_v5", "aws", 5, ["aws.topic_alias.max"], [
    ("#", "Judged alone, the connection is the one AWS negotiates: Topic Alias Maximum 8."),
    ("Topic Alias 1 (near miss)", publish(5, "dt/a", "x", p=[("topic_alias", 1)]), CLEAN),
    ("Topic Alias 8 (near miss)", publish(5, "dt/a", "x", p=[("topic_alias", 8)]), CLEAN),
    ("Topic Alias 9", publish(5, "dt/a", "x", p=[("topic_alias", 9)]), {"aws.topic_alias.max": "disconnect:0x94"}),
    ("Topic Alias 65535", publish(5, "dt/a", "x", p=[("topic_alias", 65535)]),
     {"aws.topic_alias.max": "disconnect:0x94"}),
])

vec("aws_session_expiry_v5", "aws", 5, ["aws.session_expiry.max"], [
    ("CONNECT Session Expiry 0 (near miss)", connect(5, AWS_CID, p=[("session_expiry_interval", 0)]), CLEAN),
    ("CONNECT Session Expiry 3600 (near miss)", connect(5, AWS_CID, p=[("session_expiry_interval", 3600)]), CLEAN),
    ("CONNECT Session Expiry 3601", connect(5, AWS_CID, p=[("session_expiry_interval", 3601)]),
     {"aws.session_expiry.max": "clamp:3600"}),
    ("CONNECT Session Expiry 0xFFFFFFFF (never expires)",
     connect(5, AWS_CID, p=[("session_expiry_interval", 4294967295)]), {"aws.session_expiry.max": "clamp:3600"}),
])

vec("aws_message_expiry_v5", "aws", 5, ["aws.message_expiry.range"], [
    ("#", "Message Expiry Interval 1..604800; 0 is treated as 1."),
    ("PUBLISH Message Expiry 0", publish(5, "dt/a", "x", p=[("message_expiry_interval", 0)]),
     {"aws.message_expiry.range": "clamp:1"}),
    ("PUBLISH Message Expiry 1 (near miss)", publish(5, "dt/a", "x", p=[("message_expiry_interval", 1)]), CLEAN),
    ("PUBLISH Message Expiry 604800 (near miss)", publish(5, "dt/a", "x", p=[("message_expiry_interval", 604800)]),
     CLEAN),
    ("PUBLISH Message Expiry 604801", publish(5, "dt/a", "x", p=[("message_expiry_interval", 604801)]),
     {"aws.message_expiry.range": "clamp:604800"}),
    ("PUBLISH without Message Expiry (near miss)", publish(5, "dt/a", "x"), CLEAN),
])

vec("aws_subscription_identifier_v5", "aws", 5, ["aws.subscription_identifier.unsupported"], [
    ("SUBSCRIBE with Subscription Identifier 1", subscribe(5, [("cmd/#", 1)], p=[("subscription_identifier", 1)]),
     {"aws.subscription_identifier.unsupported": "disconnect:0xA1"}),
    ("SUBSCRIBE with Subscription Identifier 268435455",
     subscribe(5, [("cmd/#", 1)], p=[("subscription_identifier", 268435455)]),
     {"aws.subscription_identifier.unsupported": "disconnect:0xA1"}),
    ("SUBSCRIBE with a User Property only (near miss)", subscribe(5, [("cmd/#", 1)], p=[("user_property", ["a", "b"])]),
     CLEAN),
])

def publish_raw_response_topic(rt):
    body = bytes([0x00, 0x04]) + b"dt/a"
    prop = bytes([0x08, 0x00, len(rt)]) + rt.encode()
    body += bytes([len(prop)]) + prop
    return (bytes([0x30, len(body)]) + body).hex()


vec("aws_response_topic_v5", "aws", 5, ["aws.response_topic.wildcard"], [
    ("#", "Response Topic with + or # is malformed by the standard itself ([MQTT-3.3.2-14]), so the codec refuses"),
    ("#", "the packet before a profile sees it: aws.response_topic.wildcard cannot be shown on a packet that decodes."),
    ("PUBLISH Response Topic r/+", {"raw": publish_raw_response_topic("r/+")}, UNDECODABLE),
    ("PUBLISH Response Topic r/#", {"raw": publish_raw_response_topic("r/#")}, UNDECODABLE),
    ("PUBLISH Response Topic r/x (near miss)", publish(5, "dt/a", "", p=[("response_topic", "r/x")]), CLEAN),
    ("CONNECT will Response Topic r/x (near miss)",
     connect(5, AWS_CID, will=will(5, "dt/w", p=[("response_topic", "r/x")])), CLEAN),
])

vec("aws_topic_levels_share_v5", "aws", 5, ["aws.topic.max_levels"], [
    ("#", "Reading: $share/{ShareName}/ is not counted toward the 7-slash limit, as issue 11 item 5 and"),
    ("#", "greengrass.md say (the Rule ids table names only Basic Ingest)."),
    ("$share/g1/ + 7 slashes (near miss; 9 in all)", subscribe(5, [("$share/g1/a/b/c/d/e/f/g/h", 1)]), CLEAN),
    ("$share/g1/ + 8 slashes", subscribe(5, [("$share/g1/a/b/c/d/e/f/g/h/i", 1)]), {"aws.topic.max_levels": "reject"}),
])

vec("aws_topic_unsubscribe_v5", "aws", 5, ["aws.topic.max_bytes"], [
    ("#", "Reading: 'topic name or filter' includes an UNSUBSCRIBE's filters (AWS answers UNSUBACK 0x8F)."),
    ("UNSUBSCRIBE filter of 256 bytes (near miss)", unsubscribe(5, [topic_of(256)]), CLEAN),
    ("UNSUBSCRIBE filter of 257 bytes", unsubscribe(5, [topic_of(257)]), {"aws.topic.max_bytes": "reject"}),
])


# ---------------------------------------------------------------------------------------------------------------------
# Azure IoT Hub (MQTT 3.1.1; the v5 file is the protocol rule)

HUB = "contoso-hub.azure-devices.net"
API = "?api-version=2021-04-12"
DEV = "dev-01"


def az_user(device, module=None):
    return "%s/%s/%s%s" % (HUB, device, (module + "/") if module else "", API)


SAS = ("SharedAccessSignature sig=k9Q3T%2BvZ7wYx0e1Pq9r8s7t6u5v4w3x2y1z0AbCdEfG%3D&se=1767225600"
       "&sr=contoso-hub.azure-devices.net%2Fdevices%2Fdev-01")


def az_connect(client_id=DEV, keep_alive=60, username="default", password=None, w=None, v=4):
    if username == "default":
        username = az_user(*client_id.split("/", 1)) if "/" in client_id else az_user(client_id)
    return connect(v, client_id, keep_alive, username=username, password=password, will=w)


TEL = "devices/%s/messages/events/" % DEV
C2D = "devices/%s/messages/devicebound/" % DEV

vec("azure_clean_v4", "azure", 4, [], [
    ("#", "A device's ordinary traffic on a standard hub (MQTT 3.1.1): all clean."),
    ("CONNECT with a SAS token", az_connect(password=SAS), CLEAN),
    ("CONNECT X.509 (no password)", az_connect(), CLEAN),
    ("CONNECT module identity", az_connect("dev-01/mod_1"), CLEAN),
    ("CONNECT with a telemetry will", az_connect(w=will(4, TEL, "gone", qos=1)), CLEAN),
    ("SUBSCRIBE c2d, twin res, methods, desired",
     subscribe(4, [(C2D + "#", 1), ("$iothub/twin/res/#", 0), ("$iothub/methods/POST/#", 0),
                   ("$iothub/twin/PATCH/properties/desired/#", 0)]), CLEAN),
    ("PUBLISH telemetry QoS 1", publish(4, TEL, '{"t":21.5}', qos=1, packet_id=3), CLEAN),
    ("PUBLISH telemetry QoS 0 with a property bag",
     publish(4, TEL + "%24.ct=application%2Fjson&%24.ce=utf-8&site=lab", '{"t":21.5}'), CLEAN),
    ("PUBLISH telemetry with $.ct unescaped", publish(4, TEL + "$.ct=application%2Fjson&$.ce=utf-8", "{}"), CLEAN),
    ("PUBLISH twin GET", publish(4, "$iothub/twin/GET/?$rid=1", ""), CLEAN),
    ("PUBLISH twin reported patch", publish(4, "$iothub/twin/PATCH/properties/reported/?$rid=2", '{"fw":"1.2"}'),
     CLEAN),
    ("PUBLISH direct method response 200", publish(4, "$iothub/methods/res/200/?$rid=3", '{"ok":true}'), CLEAN),
    ("PUBACK", ack(4, "PUBACK", 9), CLEAN),
    ("PINGREQ", simple("PINGREQ"), CLEAN),
    ("UNSUBSCRIBE", unsubscribe(4, ["$iothub/methods/POST/#"]), CLEAN),
    ("DISCONNECT", simple("DISCONNECT"), CLEAN),
])

vec("azure_clean_s2c_v4", "azure", 4, [], [
    ("#", "What the hub sends a device: all clean."),
    ("CONNACK accepted", connack(4, 0), CLEAN),
    ("SUBACK granted 1 0 0 0", suback(4, [1, 0, 0, 0]), CLEAN),
    ("PUBLISH c2d message with a property bag",
     publish(4, C2D + "%24.mid=6b7c&%24.to=%2Fdevices%2Fdev-01%2Fmessages%2FdeviceBound", "hello", qos=1), CLEAN),
    ("PUBLISH twin GET response", publish(4, "$iothub/twin/res/200/?$rid=1", '{"desired":{},"reported":{}}'), CLEAN),
    ("PUBLISH desired properties patch", publish(4, "$iothub/twin/PATCH/properties/desired/?$version=2", '{"x":1}'),
     CLEAN),
    ("PUBLISH direct method request", publish(4, "$iothub/methods/POST/reboot/?$rid=4", "{}"), CLEAN),
    ("PUBACK", ack(4, "PUBACK", 3), CLEAN),
    ("UNSUBACK", unsuback(4, []), CLEAN),
    ("PINGRESP", simple("PINGRESP"), CLEAN),
], direction="s2c")

vec("azure_protocol_version_v5", "azure", 5, ["azure.protocol.version"], [
    ("#", "A standard hub speaks 3.1.1 only: a v5 CONNECT is refused (no code); other v5 packets: unconfirmed."),
    ("v5 CONNECT, otherwise valid", az_connect(v=5), {"azure.protocol.version": "reject"}),
    ("v5 PUBLISH telemetry", publish(5, TEL, "{}"), {"azure.protocol.version": "unconfirmed"}),
    ("v5 SUBSCRIBE c2d", subscribe(5, [(C2D + "#", 1)]), {"azure.protocol.version": "unconfirmed"}),
])

vec("azure_client_id_v4", "azure", 4, ["azure.client_id.device_id"], [
    ("#", "Client id {deviceId} or {deviceId}/{moduleId}; device id <= 128 ASCII letters, digits and"),
    ("#", "- . % _ * ? ! ( ) , : = @ $ ' ; + and # excluded (newest docs). Each CONNECT's username names the same"),
    ("#", "device, so only the client id rule applies (reading: azure.username.format checks the username's shape"),
    ("#", "and that it names the client id's device and module, not the device id's character set)."),
    ("device id of 128 (near miss)", az_connect("d" * 128), CLEAN),
    ("device id of 129", az_connect("d" * 129), {"azure.client_id.device_id": "reject"}),
    ("every allowed special character (near miss)", az_connect("d-.%_*?!(),:=@$'"), CLEAN),
    ("device id with +", az_connect("dev+01"), {"azure.client_id.device_id": "reject"}),
    ("device id with #", az_connect("dev#01"), {"azure.client_id.device_id": "reject"}),
    ("device id with a space", az_connect("dev 01"), {"azure.client_id.device_id": "reject"}),
    ("device id with a non-ASCII letter", az_connect("d\u00e9v"), {"azure.client_id.device_id": "reject"}),
    ("device/module (near miss)", az_connect("dev-01/mod_1"), CLEAN),
])

vec("azure_client_id_empty_v4", "azure", 4, ["azure.client_id.device_id"], [
    ("#", "3.1.1 allows an empty client id with Clean Session 1 ([MQTT-3.1.3-6] (3.1.1)); the hub refuses it."),
    ("#", "Reading: the username is judged for the empty device too and passes its shape check."),
    ("empty client id", az_connect("", username=az_user("")), {"azure.client_id.device_id": "reject"}),
])

vec("azure_username_v4", "azure", 4, ["azure.username.format"], [
    ("username for the device (near miss)", az_connect(), CLEAN),
    ("username for the module (near miss)", az_connect("dev-01/mod_1"), CLEAN),
    ("no username", az_connect(username=None), {"azure.username.format": "reject"}),
    ("username names another device", az_connect(username=az_user("dev-02")), {"azure.username.format": "reject"}),
    ("username without api-version", az_connect(username=HUB + "/dev-01/"), {"azure.username.format": "reject"}),
    ("username without .azure-devices.net", az_connect(username="contoso-hub/dev-01/" + API),
     {"azure.username.format": "reject"}),
    ("module username, device client id", az_connect(username=az_user(DEV, "mod_1")),
     {"azure.username.format": "reject"}),
    ("device username, module client id", az_connect("dev-01/mod_1", username=az_user(DEV)),
     {"azure.username.format": "reject"}),
])

vec("azure_password_v4", "azure", 4, ["azure.password.format"], [
    ("no password: X.509 (near miss)", az_connect(), CLEAN),
    ("SAS token sig&se&sr (near miss)", az_connect(password=SAS), CLEAN),
    ("plain password", az_connect(password="hunter2"), {"azure.password.format": "reject"}),
    ("SAS with sig only", az_connect(password="SharedAccessSignature sig=abc%3D"), {"azure.password.format": "reject"}),
    ("SAS fields without the SharedAccessSignature prefix",
     az_connect(password="sig=abc%3D&se=1767225600&sr=contoso-hub.azure-devices.net%2Fdevices%2Fdev-01"),
     {"azure.password.format": "reject"}),
])

vec("azure_password_field_order_v4", "azure", 4, ["azure.password.format"], [
    ("#", "Reading: the SAS fields may come in any order (the SDKs write sr=...&sig=...&se=...)."),
    ("SAS token sr&sig&se", az_connect(password="SharedAccessSignature sr=contoso-hub.azure-devices.net%2Fdevices"
                                                "%2Fdev-01&sig=abc%3D&se=1767225600"), CLEAN),
])

vec("azure_keep_alive_v4", "azure", 4, ["azure.keep_alive.max"], [
    ("keep alive 60", az_connect(keep_alive=60), CLEAN),
    ("keep alive 1177 (near miss)", az_connect(keep_alive=1177), CLEAN),
    ("keep alive 1178", az_connect(keep_alive=1178), {"azure.keep_alive.max": "close"}),
    ("keep alive 65535", az_connect(keep_alive=65535), {"azure.keep_alive.max": "close"}),
])

vec("azure_topic_telemetry_v4", "azure", 4, ["azure.topic.telemetry"], [
    ("#", "A device publishes only to telemetry, twin GET / reported and method responses; else close."),
    ("#", "Judged alone, a telemetry topic is judged for the device id it names (issue 11 item 6)."),
    ("telemetry (near miss)", publish(4, TEL, "{}"), CLEAN),
    ("telemetry of another well-formed device (near miss)", publish(4, "devices/dev-02/messages/events/", "{}"),
     CLEAN),
    ("telemetry with a property bag (near miss)", publish(4, TEL + "a=1&b=2", "{}"), CLEAN),
    ("twin GET (near miss)", publish(4, "$iothub/twin/GET/?$rid=7", ""), CLEAN),
    ("twin reported (near miss)", publish(4, "$iothub/twin/PATCH/properties/reported/?$rid=8", "{}"), CLEAN),
    ("method response (near miss)", publish(4, "$iothub/methods/res/500/?$rid=9", "{}"), CLEAN),
    ("arbitrary topic", publish(4, "sensors/temp", "{}"), {"azure.topic.telemetry": "close"}),
    ("devices/{id}/telemetry", publish(4, "devices/dev-01/telemetry", "{}"), {"azure.topic.telemetry": "close"}),
    ("devicebound topic published by the device", publish(4, C2D, "{}"), {"azure.topic.telemetry": "close"}),
    ("telemetry without the trailing '/' (reading: the documented form ends in events/)",
     publish(4, "devices/dev-01/messages/events", "{}"), {"azure.topic.telemetry": "close"}),
    ("twin desired PATCH published by the device", publish(4, "$iothub/twin/PATCH/properties/desired/?$rid=1", "{}"),
     {"azure.topic.telemetry": "close"}),
    ("$iothub/unknown", publish(4, "$iothub/unknown/?$rid=1", "{}"), {"azure.topic.telemetry": "close"}),
])

vec("azure_subscribe_filter_v4", "azure", 4, ["azure.subscribe.filter"], [
    ("#", "Only the documented filters; wildcards only in them."),
    ("c2d filter (near miss)", subscribe(4, [(C2D + "#", 1)]), CLEAN),
    ("twin response filter (near miss)", subscribe(4, [("$iothub/twin/res/#", 0)]), CLEAN),
    ("methods filter (near miss)", subscribe(4, [("$iothub/methods/POST/#", 0)]), CLEAN),
    ("desired properties filter (near miss)", subscribe(4, [("$iothub/twin/PATCH/properties/desired/#", 0)]), CLEAN),
    ("c2d filter with + for the device", subscribe(4, [("devices/+/messages/devicebound/#", 1)]),
     {"azure.subscribe.filter": "reject"}),
    ("filter #", subscribe(4, [("#", 1)]), {"azure.subscribe.filter": "reject"}),
    ("twin res with +", subscribe(4, [("$iothub/twin/res/+", 0)]), {"azure.subscribe.filter": "reject"}),
    ("an undocumented filter without wildcards", subscribe(4, [("sensors/temp", 0)]),
     {"azure.subscribe.filter": "reject"}),
    ("one documented and one undocumented filter", subscribe(4, [(C2D + "#", 1), ("sensors/#", 1)]),
     {"azure.subscribe.filter": "reject"}),
])

vec("azure_qos_v4", "azure", 4, ["azure.qos.publish2", "azure.qos.subscribe2"], [
    ("PUBLISH QoS 2", publish(4, TEL, "{}", qos=2, packet_id=4), {"azure.qos.publish2": "close"}),
    ("PUBLISH QoS 1 (near miss)", publish(4, TEL, "{}", qos=1, packet_id=4), CLEAN),
    ("SUBSCRIBE QoS 2", subscribe(4, [(C2D + "#", 2)]), {"azure.qos.subscribe2": "clamp:1"}),
    ("SUBSCRIBE QoS 1 (near miss)", subscribe(4, [(C2D + "#", 1)]), CLEAN),
])

vec("azure_retain_v4", "azure", 4, ["azure.retain"], [
    ("PUBLISH telemetry RETAIN=1", publish(4, TEL, "{}", retain=True), {"azure.retain": "rewrite"}),
    ("PUBLISH telemetry RETAIN=0 (near miss)", publish(4, TEL, "{}"), CLEAN),
])

vec("azure_will_v4", "azure", 4, ["azure.will.topic"], [
    ("will on the telemetry topic (near miss)", az_connect(w=will(4, TEL)), CLEAN),
    ("will on telemetry with a property bag (near miss)", az_connect(w=will(4, TEL + "reason=gone")), CLEAN),
    ("will on an arbitrary topic", az_connect(w=will(4, "status/offline")), {"azure.will.topic": "reject"}),
    ("will on the twin reported topic", az_connect(w=will(4, "$iothub/twin/PATCH/properties/reported/?$rid=1")),
     {"azure.will.topic": "reject"}),
])

vec("azure_message_max_v4", "azure", 4, ["azure.message.max"], [
    ("#", "Device-to-cloud telemetry: body + property names and values <= 262144 bytes. No property bag here."),
    ("telemetry body 262144 (near miss)", publish(4, TEL, qos=1, payload_len=262144), CLEAN),
    ("telemetry body 262145", publish(4, TEL, qos=1, payload_len=262145), {"azure.message.max": "close"}),
])

vec("azure_message_max_bag_v4", "azure", 4, ["azure.message.max"], [
    ("#", "Reading: the property bag counts by its names and values only (no '=' or '&'): 'ab=cd' adds 4 bytes."),
    ("body 262140 + bag ab=cd (4) = 262144 (near miss)", publish(4, TEL + "ab=cd", payload_len=262140), CLEAN),
    ("body 262141 + bag ab=cd (4) = 262145", publish(4, TEL + "ab=cd", payload_len=262141),
     {"azure.message.max": "close"}),
])

TWIN_REP = "$iothub/twin/PATCH/properties/reported/?$rid=1"
TWIN_DES = "$iothub/twin/PATCH/properties/desired/?$version=2"
METHOD_REQ = "$iothub/methods/POST/reboot/?$rid=5"
METHOD_RES = "$iothub/methods/res/200/?$rid=5"

vec("azure_twin_max_c2s_v4", "azure", 4, ["azure.message.twin_max"], [
    ("twin reported 32768 (near miss)", publish(4, TWIN_REP, payload_len=32768), CLEAN),
    ("twin reported 32769", publish(4, TWIN_REP, payload_len=32769), {"azure.message.twin_max": "close"}),
])
vec("azure_twin_max_s2c_v4", "azure", 4, ["azure.message.twin_max"], [
    ("twin desired 32768 (near miss)", publish(4, TWIN_DES, payload_len=32768), CLEAN),
    ("twin desired 32769", publish(4, TWIN_DES, payload_len=32769), {"azure.message.twin_max": "unconfirmed"}),
], direction="s2c")
vec("azure_method_max_c2s_v4", "azure", 4, ["azure.message.method_max"], [
    ("method response 131072 (near miss)", publish(4, METHOD_RES, payload_len=131072), CLEAN),
    ("method response 131073", publish(4, METHOD_RES, payload_len=131073), {"azure.message.method_max": "close"}),
])
vec("azure_method_max_s2c_v4", "azure", 4, ["azure.message.method_max"], [
    ("#", "Reading: a method request is not a cloud-to-device message (c2d = devicebound topics), so the 64 KiB"),
    ("#", "azure.message.c2d_max does not apply to it."),
    ("method request 131072 (near miss)", publish(4, METHOD_REQ, payload_len=131072), CLEAN),
    ("method request 131073", publish(4, METHOD_REQ, payload_len=131073),
     {"azure.message.method_max": "unconfirmed"}),
], direction="s2c")
vec("azure_c2d_max_s2c_v4", "azure", 4, ["azure.message.c2d_max"], [
    ("c2d message 65536 (near miss)", publish(4, C2D, qos=1, payload_len=65536), CLEAN),
    ("c2d message 65537", publish(4, C2D, qos=1, payload_len=65537), {"azure.message.c2d_max": "unconfirmed"}),
], direction="s2c")


# ---------------------------------------------------------------------------------------------------------------------
# Aliyun IoT Platform

PK = "a1B2c3D4e5F"
DN = "device_01"
SECRET = b"0123456789abcdef0123456789abcdef"


def ali_cid(securemode=2, signmethod="hmacsha256", ts="1700000000000", base=PK + "." + DN):
    return "%s|securemode=%s,signmethod=%s,timestamp=%s|" % (base, securemode, signmethod, ts)


def ali_password(signmethod="hmacsha256", ts="1700000000000", base=PK + "." + DN):
    content = "clientId%sdeviceName%sproductKey%stimestamp%s" % (base, DN, PK, ts)
    algo = {"hmacsha256": hashlib.sha256, "hmacsha1": hashlib.sha1, "hmacmd5": hashlib.md5}[signmethod]
    return hmac.new(SECRET, content.encode(), algo).hexdigest()


ALI_USER = DN + "&" + PK


def ali_connect(v, client_id=None, keep_alive=300, username=ALI_USER, password="auto", w=None, p=()):
    if client_id is None:
        client_id = ali_cid()
    if password == "auto":
        password = ali_password()
    return connect(v, client_id, keep_alive, p=p, will=w, username=username, password=password)


UT = "/%s/%s/user/" % (PK, DN)
SYS = "/sys/%s/%s/" % (PK, DN)

for v in (4, 5):
    sfx = "_v%d" % v
    rows = [
        ("#", "A device's ordinary traffic: all clean."),
        ("CONNECT securemode=2 hmacsha256", ali_connect(v), CLEAN),
        ("CONNECT securemode=3 hmacsha1",
         ali_connect(v, ali_cid(3, "hmacsha1"), password=ali_password("hmacsha1")), CLEAN),
        ("CONNECT securemode=2 hmacmd5",
         ali_connect(v, ali_cid(2, "hmacmd5"), password=ali_password("hmacmd5")), CLEAN),
        ("SUBSCRIBE custom get, property set, RRPC requests",
         subscribe(v, [(UT + "get", 1), (SYS + "thing/service/property/set", 0), (SYS + "rrpc/request/+", 0)]),
         CLEAN),
        ("SUBSCRIBE property post reply", subscribe(v, [(SYS + "thing/event/property/post_reply", 0)]), CLEAN),
        ("PUBLISH custom topic QoS 1", publish(v, UT + "update", '{"t":21.5}', qos=1, packet_id=2), CLEAN),
        ("PUBLISH custom topic, deeper levels", publish(v, UT + "sensor_1/temp", "{}"), CLEAN),
        ("PUBLISH property post", publish(v, SYS + "thing/event/property/post",
                                          '{"id":"1","version":"1.0","params":{},"method":"thing.event.property.post"}'),
         CLEAN),
        ("PUBLISH RRPC response", publish(v, SYS + "rrpc/response/1234567890", "ok"), CLEAN),
        ("PUBLISH OTA version inform", publish(v, "/ota/device/inform/%s/%s" % (PK, DN), '{"id":1,"params":{}}'),
         CLEAN),
        ("PUBACK", ack(v, "PUBACK", 4), CLEAN),
        ("PINGREQ", simple("PINGREQ"), CLEAN),
        ("UNSUBSCRIBE", unsubscribe(v, [UT + "get"]), CLEAN),
        ("DISCONNECT", simple("DISCONNECT"), CLEAN),
    ]
    if v == 5:
        rows += [
            ("#", "MQTT 5.0 (Enterprise): will, retain, shared subscriptions and up to 20 user properties."),
            ("CONNECT with a will and 20 user properties",
             ali_connect(5, w=will(5, UT + "status", "offline", qos=1), p=user_props(20)), CLEAN),
            ("PUBLISH RETAIN=1", publish(5, UT + "status", "online", retain=True), CLEAN),
            ("PUBLISH with 20 user properties", publish(5, UT + "update", "{}", p=user_props(20)), CLEAN),
            ("SUBSCRIBE shared", subscribe(5, [("$share/group1/" + UT + "get", 1)]), CLEAN),
        ]
    vec("aliyun_clean" + sfx, "aliyun", v, [], rows)

vec("aliyun_clean_s2c_v4", "aliyun", 4, [], [
    ("#", "What the platform sends a device: all clean."),
    ("CONNACK accepted", connack(4, 0), CLEAN),
    ("SUBACK granted 1 0 0", suback(4, [1, 0, 0]), CLEAN),
    ("PUBLISH property set", publish(4, SYS + "thing/service/property/set", '{"params":{}}'), CLEAN),
    ("PUBLISH RRPC request", publish(4, SYS + "rrpc/request/1234567890", "ping"), CLEAN),
    ("PUBLISH custom topic QoS 1", publish(4, UT + "get", "{}", qos=1, packet_id=11), CLEAN),
    ("PUBACK", ack(4, "PUBACK", 2), CLEAN),
    ("PINGRESP", simple("PINGRESP"), CLEAN),
], direction="s2c")

for v in (4, 5):
    sfx = "_v%d" % v
    rows = [
        ("PUBREC", ack(v, "PUBREC", 1), {"aliyun.packet.unsupported": "unconfirmed"}),
        ("PUBREL", ack(v, "PUBREL", 1), {"aliyun.packet.unsupported": "unconfirmed"}),
        ("PUBCOMP", ack(v, "PUBCOMP", 1), {"aliyun.packet.unsupported": "unconfirmed"}),
        ("PUBACK (near miss)", ack(v, "PUBACK", 1), CLEAN),
        ("PINGREQ (near miss)", simple("PINGREQ"), CLEAN),
    ]
    if v == 5:
        rows.append(("AUTH", simple("AUTH"), {"aliyun.packet.unsupported": "unconfirmed"}))
    vec("aliyun_packet_unsupported" + sfx, "aliyun", v, ["aliyun.packet.unsupported"], rows)

    will_qos2 = {"aliyun.qos.max": "unconfirmed"}
    if v == 4:
        will_qos2["aliyun.will.v3"] = "reject"
    rows = [
        ("PUBLISH QoS 2", publish(v, UT + "update", "{}", qos=2, packet_id=3), {"aliyun.qos.max": "unconfirmed"}),
        ("PUBLISH QoS 1 (near miss)", publish(v, UT + "update", "{}", qos=1, packet_id=3), CLEAN),
        ("SUBSCRIBE QoS 2", subscribe(v, [(UT + "get", 2)]), {"aliyun.qos.max": "unconfirmed"}),
        ("SUBSCRIBE QoS 1 (near miss)", subscribe(v, [(UT + "get", 1)]), CLEAN),
        ("CONNECT Will QoS 2" + (" (3.1.1: the will itself is refused too)" if v == 4 else ""),
         ali_connect(v, w=will(v, UT + "status", qos=2)), will_qos2),
    ]
    if v == 5:
        rows.append(("CONNECT Will QoS 1 (near miss)", ali_connect(5, w=will(5, UT + "status", qos=1)), CLEAN))
    vec("aliyun_qos_max" + sfx, "aliyun", v, ["aliyun.qos.max"] + (["aliyun.will.v3"] if v == 4 else []), rows)

    vec("aliyun_keep_alive" + sfx, "aliyun", v, ["aliyun.keep_alive.range"], [
        ("#", "Keep alive 30..1200, refused outside (0 too, though the standard makes 0 'keep alive off')."),
        ("keep alive 0", ali_connect(v, keep_alive=0), {"aliyun.keep_alive.range": "reject"}),
        ("keep alive 29", ali_connect(v, keep_alive=29), {"aliyun.keep_alive.range": "reject"}),
        ("keep alive 30 (near miss)", ali_connect(v, keep_alive=30), CLEAN),
        ("keep alive 1200 (near miss)", ali_connect(v, keep_alive=1200), CLEAN),
        ("keep alive 1201", ali_connect(v, keep_alive=1201), {"aliyun.keep_alive.range": "reject"}),
    ])

    vec("aliyun_shared_subscription" + sfx, "aliyun", v, ["aliyun.shared_subscription.v3"], [
        ("#", "Reading: topic rules judge the filter after $share/{group}/; only the protocol version differs here."),
        ("SUBSCRIBE $share/group1/ + custom topic",
         subscribe(v, [("$share/group1/" + UT + "get", 1)]),
         {"aliyun.shared_subscription.v3": "unconfirmed"} if v == 4 else CLEAN),
        ("SUBSCRIBE the same filter unshared (near miss)", subscribe(v, [(UT + "get", 1)]), CLEAN),
    ])

vec("aliyun_will_retain_v4", "aliyun", 4, ["aliyun.will.v3", "aliyun.retain.v3"], [
    ("#", "Will and retain: refused over 3.1/3.1.1, supported over 5.0 (where sources disagree, item 5)."),
    ("CONNECT with a will", ali_connect(4, w=will(4, UT + "status")), {"aliyun.will.v3": "reject"}),
    ("CONNECT without a will (near miss)", ali_connect(4), CLEAN),
    ("PUBLISH RETAIN=1", publish(4, UT + "status", "online", retain=True), {"aliyun.retain.v3": "reject"}),
    ("PUBLISH RETAIN=0 (near miss)", publish(4, UT + "status", "online"), CLEAN),
])
vec("aliyun_will_retain_v5", "aliyun", 5, ["aliyun.will.v3", "aliyun.retain.v3"], [
    ("#", "The same packets over 5.0: clean."),
    ("CONNECT with a will (near miss)", ali_connect(5, w=will(5, UT + "status")), CLEAN),
    ("PUBLISH RETAIN=1 (near miss)", publish(5, UT + "status", "online", retain=True), CLEAN),
])

vec("aliyun_client_id_v4", "aliyun", 4, ["aliyun.client_id.format"], [
    ("#", "{clientId}|securemode={2|3},signmethod={hmacsha256|hmacsha1|hmacmd5},timestamp={ms}|"),
    ("documented form (near miss)", ali_connect(4), CLEAN),
    ("bare client id", ali_connect(4, PK + "." + DN), {"aliyun.client_id.format": "reject"}),
    ("securemode=1", ali_connect(4, ali_cid(1)), {"aliyun.client_id.format": "reject"}),
    ("securemode=4", ali_connect(4, ali_cid(4)), {"aliyun.client_id.format": "reject"}),
    ("signmethod=hmacsha512", ali_connect(4, ali_cid(2, "hmacsha512")), {"aliyun.client_id.format": "reject"}),
    ("no trailing |", ali_connect(4, ali_cid()[:-1]), {"aliyun.client_id.format": "reject"}),
    ("timestamp not digits", ali_connect(4, ali_cid(ts="yesterday"), password=ali_password(ts="yesterday")),
     {"aliyun.client_id.format": "reject"}),
])

vec("aliyun_username_password_v4", "aliyun", 4, ["aliyun.username.format", "aliyun.password.format"], [
    ("username deviceName&productKey, hex password (near miss)", ali_connect(4), CLEAN),
    ("no username, no password", ali_connect(4, username=None, password=None),
     {"aliyun.username.format": "reject", "aliyun.password.format": "reject"}),
    ("username without &", ali_connect(4, username=DN), {"aliyun.username.format": "reject"}),
    ("username with an empty productKey", ali_connect(4, username=DN + "&"), {"aliyun.username.format": "reject"}),
    ("no password", ali_connect(4, password=None), {"aliyun.password.format": "reject"}),
    ("password not hex", ali_connect(4, password="my-device-secret"), {"aliyun.password.format": "reject"}),
])

vec("aliyun_topic_v4", "aliyun", 4, ["aliyun.topic.custom_format"], [
    ("#", "/{productKey}/{deviceName}/user/{name...}, levels of letters, digits and _, none empty; or a"),
    ("#", "documented system, OTA, broadcast or RRPC topic. Else: unauthorized, connection closed."),
    ("custom topic (near miss)", publish(4, UT + "update", "{}"), CLEAN),
    ("custom topic, two levels (near miss)", publish(4, UT + "a_1/B2", "{}"), CLEAN),
    ("system property post (near miss)", publish(4, SYS + "thing/event/property/post", "{}"), CLEAN),
    ("RRPC response (near miss)", publish(4, SYS + "rrpc/response/42", "{}"), CLEAN),
    ("arbitrary topic", publish(4, "sensors/temp", "{}"), {"aliyun.topic.custom_format": "close"}),
    ("custom topic with a '-'", publish(4, UT + "up-date", "{}"), {"aliyun.topic.custom_format": "close"}),
    ("custom topic with an empty level", publish(4, UT + "a//b", "{}"), {"aliyun.topic.custom_format": "close"}),
    ("custom topic ending in '/'", publish(4, UT, "{}"), {"aliyun.topic.custom_format": "close"}),
    ("custom topic without 'user'", publish(4, "/%s/%s/update" % (PK, DN), "{}"),
     {"aliyun.topic.custom_format": "close"}),
    ("no leading '/'", publish(4, "%s/%s/user/update" % (PK, DN), "{}"), {"aliyun.topic.custom_format": "close"}),
])

vec("aliyun_user_properties_v5", "aliyun", 5, ["aliyun.user_properties.max", "aliyun.user_properties.packet"], [
    ("#", "At most 20 user properties, only in CONNECT and PUBLISH; others are ignored."),
    ("PUBLISH 20 (near miss)", publish(5, UT + "update", "{}", p=user_props(20)), CLEAN),
    ("PUBLISH 21", publish(5, UT + "update", "{}", p=user_props(21)), {"aliyun.user_properties.max": "ignore"}),
    ("CONNECT 20 (near miss)", ali_connect(5, p=user_props(20)), CLEAN),
    ("CONNECT 21", ali_connect(5, p=user_props(21)), {"aliyun.user_properties.max": "ignore"}),
    ("SUBSCRIBE with a user property", subscribe(5, [(UT + "get", 1)], p=user_props(1)),
     {"aliyun.user_properties.packet": "ignore"}),
    ("PUBACK with a user property", ack(5, "PUBACK", 1, p=user_props(1)),
     {"aliyun.user_properties.packet": "ignore"}),
    ("UNSUBSCRIBE with a user property", unsubscribe(5, [UT + "get"], p=user_props(1)),
     {"aliyun.user_properties.packet": "ignore"}),
    ("DISCONNECT with a user property", simple("DISCONNECT", properties=[{"name": "user_property", "value": ["k", "v"]}]),
     {"aliyun.user_properties.packet": "ignore"}),
    ("PUBACK without properties (near miss)", ack(5, "PUBACK", 1), CLEAN),
])


# ---------------------------------------------------------------------------------------------------------------------
# Greengrass: ordinary traffic, which must pass clean (the violations follow, after these).

GG = "gg-client_01:a"
for v in (5, 4):
    sfx = "_v%d" % v
    rows = [
        ("#", "Ordinary client-device traffic to the EMQX component: QoS 2, retain, will, $share all supported."),
        ("CONNECT thing name, will QoS 2 retained", connect(v, GG, 60, will=will(v, "gg/status", qos=2, retain=True))),
        ("SUBSCRIBE QoS 2, shared", subscribe(v, [("gg/cmd/#", 2), ("$share/grp/gg/jobs", 1)],
                                              p=[("subscription_identifier", 5)] if v == 5 else [])),
        ("PUBLISH QoS 2 retained", publish(v, "gg/data/temp", "21.5", qos=2, retain=True, packet_id=6,
                                           p=[("topic_alias", 100), ("message_expiry_interval", 60)]
                                           if v == 5 else [])),
        ("#", "Reading: IoT Core's 256-byte / 7-slash limits bind only topics the bridge maps to IoT Core, and the"),
        ("#", "bridge's mapping is configuration no packet shows; so a local topic is judged by EMQX's 128 levels."),
        ("PUBLISH a topic of 128 levels (127 '/'; EMQX allows at most 128)", publish(v, "/".join(["l"] * 128), "x")),
        ("PUBREC", ack(v, "PUBREC", 6)),
        ("PUBREL", ack(v, "PUBREL", 6)),
        ("PUBCOMP", ack(v, "PUBCOMP", 6)),
        ("PINGREQ", simple("PINGREQ")),
        ("DISCONNECT", simple("DISCONNECT")),
    ]
    vec("greengrass_emqx_clean" + sfx, "greengrass-emqx", v, [],
        [(r[0], r[1], CLEAN) if r[0] != "#" else r for r in rows])

vec("greengrass_moquette_clean_v4", "greengrass-moquette", 4, [], [
    ("#", "Ordinary client-device traffic to the Moquette component (3.1.1 only): QoS 2, retain, will supported."),
    ("CONNECT thing name, will QoS 2 retained", connect(4, GG, 60, will=will(4, "gg/status", qos=2, retain=True)),
     CLEAN),
    ("SUBSCRIBE QoS 2", subscribe(4, [("gg/cmd/#", 2)]), CLEAN),
    ("PUBLISH QoS 2 retained, a whole packet of 131072 bytes (the message size limit, whichever way it is read)",
     publish(4, "gg/data/blob", qos=2, retain=True, packet_id=6, payload_len=131072 - 20), CLEAN),
    ("PUBREC", ack(4, "PUBREC", 6), CLEAN),
    ("PUBREL", ack(4, "PUBREL", 6), CLEAN),
    ("PUBCOMP", ack(4, "PUBCOMP", 6), CLEAN),
    ("PINGREQ", simple("PINGREQ"), CLEAN),
    ("DISCONNECT", simple("DISCONNECT"), CLEAN),
])


# ---------------------------------------------------------------------------------------------------------------------
# Greengrass rule violations. greengrass.md has no "Rule ids" table; the profile author named the five ids used here
# (greengrass.client_id.thing_name, greengrass_emqx.packet.max_size, greengrass_emqx.topic.max_levels,
# greengrass_moquette.protocol.version, greengrass_moquette.message.max). Limits, actions and readings come from
# greengrass.md only. "refused" with no documented reason code is `reject` (as for the other clouds' rows).

def varint_len(n):
    return 1 if n < 128 else 2 if n < 16384 else 3 if n < 2097152 else 4


def publish_of_size(v, topic, total, qos=0, packet_id=1, p=()):
    """A PUBLISH whose whole encoded packet (fixed header included) is exactly `total` bytes."""
    hx = subprocess.run([INSPECT, "encode", "--version", str(v)], capture_output=True, text=True,
                        input=json.dumps(publish(v, topic, qos=qos, packet_id=packet_id, p=p, payload_len=0)) + "\n")
    raw = bytes.fromhex(hx.stdout.strip())
    assert hx.returncode == 0 and raw, hx.stderr
    rest0 = len(raw) - 1 - varint_len(len(raw) - 2)  # remaining length with an empty payload (< 128 here)
    assert varint_len(rest0) == 1 and len(raw) == 2 + rest0
    for k in (1, 2, 3, 4):
        rest = total - 1 - k
        if varint_len(rest) == k and rest >= rest0:
            return publish(v, topic, qos=qos, packet_id=packet_id, p=p, payload_len=rest - rest0)
    raise SystemExit("no PUBLISH of %d bytes" % total)


GG_THING = "Ab0-_:z"  # every character class of [a-zA-Z0-9\-_:]
MIB = 1048576

for profile, versions in (("greengrass_emqx", (5, 4)), ("greengrass_moquette", (4,))):
    for v in versions:
        rows = [
            ("#", "Client device authentication (both brokers): the client id is the thing name, at most 128 characters"),
            ("#", "of [a-zA-Z0-9\\-_:]; refused otherwise (no reason code documented: reject)."),
            ("#", "Reading: an empty client id names no thing, so it is refused too (a thing name has 1 character or more)."),
            ("client id of 128 characters (near miss)", connect(v, "t" * 128), CLEAN),
            ("client id of 129 characters", connect(v, "t" * 129), {"greengrass.client_id.thing_name": "reject"}),
            ("client id of every allowed class A b 0 - _ : (near miss)", connect(v, GG_THING), CLEAN),
            ("client id of one character (near miss)", connect(v, "x"), CLEAN),
            ("client id ':' alone (near miss)", connect(v, ":"), CLEAN),
            ("client id of 127 allowed + '-' = 128 (near miss)", connect(v, "a" * 127 + "-"), CLEAN),
            ("empty client id", connect(v, ""), {"greengrass.client_id.thing_name": "reject"}),
        ]
        for ch, what in (("." , "'.'"), (" ", "a space"), ("/", "'/'"), ("$", "'$'"), ("@", "'@'"), ("+", "'+'"),
                         ("#", "'#'"), ("\u00e9", "U+00E9 (a letter outside ASCII)")):
            rows.append(("client id with %s" % what, connect(v, "dev" + ch + "01"),
                         {"greengrass.client_id.thing_name": "reject"}))
        rows.append(("client id of 127 allowed + '.' = 128 characters", connect(v, "a" * 127 + "."),
                     {"greengrass.client_id.thing_name": "reject"}))
        rows.append(("client id of 128 allowed + '.' = 129 characters: one rule, one violation",
                     connect(v, "a" * 128 + "."), {"greengrass.client_id.thing_name": "reject"}))
        vec("%s_thing_name_v%d" % (profile, v), profile.replace("_", "-"), v, ["greengrass.client_id.thing_name"], rows)

for v in (5, 4):
    act = "disconnect:0x95" if v == 5 else "close"
    big = {"greengrass_emqx.packet.max_size": act}
    vec("greengrass_emqx_packet_max_size_v%d" % v, "greengrass-emqx", v, ["greengrass_emqx.packet.max_size"], [
        ("#", "EMQX maximum packet size: 1 MB by default (emqxConfig.mqtt.max_packet_size); v5: DISCONNECT 0x95,"),
        ("#", "3.1.1: close. Reading: 1 MB = 1048576 bytes (the EMQX setting the row names; greengrass.md counts its"),
        ("#", "other limits in powers of two: 131072, 65535), and the size is the whole packet, fixed header included"),
        ("#", "(the MQTT 5 meaning of packet size, 3.1.2.11.4)."),
        ("PUBLISH QoS 0, whole packet 1048576 bytes (near miss)", publish_of_size(v, "gg/big", MIB), CLEAN),
        ("PUBLISH QoS 0, whole packet 1048577 bytes (payload under 1 MiB)", publish_of_size(v, "gg/big", MIB + 1), big),
        ("PUBLISH QoS 1, small (near miss)", publish(v, "gg/small", "x", qos=1, packet_id=3), CLEAN),
    ])

LEVELS_128 = "/".join(["l"] * 128)  # 127 '/'
LEVELS_129 = "/".join(["l"] * 129)  # 128 '/'
for v in (5, 4):
    deep = {"greengrass_emqx.topic.max_levels": "reject"}
    vec("greengrass_emqx_topic_max_levels_v%d" % v, "greengrass-emqx", v, ["greengrass_emqx.topic.max_levels"], [
        ("#", "EMQX topic levels: at most 128 (refused; no code documented: reject). n '/' make n+1 levels; an empty"),
        ("#", "level (leading, trailing or doubled '/') is a level ([MQTT-4.7.1-3] allows zero-length levels)."),
        ("PUBLISH 128 levels (near miss)", publish(v, LEVELS_128, "x"), CLEAN),
        ("PUBLISH 129 levels", publish(v, LEVELS_129, "x"), deep),
        ("PUBLISH leading '/' + 127 levels = 128 (near miss)", publish(v, "/" + "/".join(["l"] * 127), "x"), CLEAN),
        ("PUBLISH leading '/' + 128 levels = 129", publish(v, "/" + LEVELS_128, "x"), deep),
        ("PUBLISH 128 levels + trailing '/' = 129", publish(v, LEVELS_128 + "/", "x"), deep),
        ("PUBLISH 127 '/' alone = 128 empty levels (near miss)", publish(v, "/" * 127, "x"), CLEAN),
        ("PUBLISH 128 '/' alone = 129 empty levels", publish(v, "/" * 128, "x"), deep),
        ("PUBLISH QoS 1, 129 levels", publish(v, LEVELS_129, "x", qos=1, packet_id=4), deep),
        ("SUBSCRIBE filter of 127 levels + '#' = 128 (near miss)", subscribe(v, [("/".join(["+"] * 127) + "/#", 1)]),
         CLEAN),
        ("SUBSCRIBE filter of 128 levels + '#' = 129", subscribe(v, [(LEVELS_128 + "/#", 1)]), deep),
        ("SUBSCRIBE filter of 129 levels", subscribe(v, [(LEVELS_129, 0)]), deep),
        ("SUBSCRIBE a short filter and one of 129 levels", subscribe(v, [("gg/cmd/#", 1), (LEVELS_129, 1)]), deep),
        ("SUBSCRIBE filter of 128 levels (near miss)", subscribe(v, [(LEVELS_128, 2)]), CLEAN),
    ])

vec("greengrass_moquette_protocol_version_v5", "greengrass-moquette", 5, ["greengrass_moquette.protocol.version"], [
    ("#", "Moquette: MQTT 3.1.1 only; a v5 CONNECT is refused (no code documented: reject). Only the CONNECT is judged:"),
    ("#", "the rule names no other packet. Near miss: greengrass_moquette_protocol_version_v4."),
    ("CONNECT v5, thing name", connect(5, GG), {"greengrass_moquette.protocol.version": "reject"}),
    ("CONNECT v5 with properties and a will", connect(5, GG, 60, p=[("session_expiry_interval", 0)],
                                                      will=will(5, "gg/status", qos=1)),
     {"greengrass_moquette.protocol.version": "reject"}),
    ("CONNECT v5, client id not a thing name: both rules", connect(5, "dev.01"),
     {"greengrass_moquette.protocol.version": "reject", "greengrass.client_id.thing_name": "reject"}),
])

vec("greengrass_moquette_protocol_version_v4", "greengrass-moquette", 4, ["greengrass_moquette.protocol.version"], [
    ("#", "The near miss of greengrass_moquette_protocol_version_v5: the same CONNECTs over 3.1.1 are accepted."),
    ("CONNECT 3.1.1, thing name (near miss)", connect(4, GG), CLEAN),
    ("CONNECT 3.1.1 with a will (near miss)", connect(4, GG, 60, will=will(4, "gg/status", qos=1)), CLEAN),
])

big = {"greengrass_moquette.message.max": "close"}
vec("greengrass_moquette_message_max_v4", "greengrass-moquette", 4, ["greengrass_moquette.message.max"], [
    ("#", "Moquette message size: 131072 bytes (Greengrass override); close. Reading: the message is the application"),
    ("#", "message, its payload: greengrass.md says 'packet' for EMQX but 'message' here and for the nucleus, whose"),
    ("#", "131072-byte maximum message size matches IoT Core's 131072-byte payload limit. So a payload of 131072"),
    ("#", "bytes passes though its packet is larger (greengrass_moquette_clean_v4 has a whole packet of 131072)."),
    ("PUBLISH QoS 0 payload 131072 (near miss; whole packet 131085 bytes)", publish(4, "gg/blob", qos=0, payload_len=131072),
     CLEAN),
    ("PUBLISH QoS 0 payload 131073", publish(4, "gg/blob", qos=0, payload_len=131073), big),
    ("PUBLISH QoS 1 payload 131072 (near miss)", publish(4, "gg/blob", qos=1, packet_id=2, payload_len=131072), CLEAN),
    ("PUBLISH QoS 2 retained payload 131073", publish(4, "gg/blob", qos=2, retain=True, packet_id=3,
                                                      payload_len=131073), big),
    ("PUBLISH QoS 1 empty payload (near miss)", publish(4, "gg/blob", "", qos=1, packet_id=4), CLEAN),
])


# ---------------------------------------------------------------------------------------------------------------------
# Session vectors (check --session): rules that need the negotiated state. Rows: (dir, label, packet, version, expect)
# or ("close",) or ("#", comment).

AWS_CONNACK = connack(5, 0, [("maximum_packet_size", 149504), ("receive_maximum", 100), ("topic_alias_maximum", 8),
                             ("maximum_qos", 1), ("subscription_identifier_available", 0)])

conv("aws_session_topic_alias", "aws", 5, ["aws.topic_alias.max", "aws.reserved_topic.retain"], [
    ("#", "Topic rules judge the topic after alias resolution; alias 9 is over AWS's Topic Alias Maximum 8."),
    ("c2s", "CONNECT", connect(5, AWS_CID, 60), 5, CLEAN),
    ("s2c", "CONNACK with AWS's limits", AWS_CONNACK, 5, CLEAN),
    ("c2s", "PUBLISH sets alias 8 = dt/sensor-01/temp", publish(5, "dt/sensor-01/temp", "1", p=[("topic_alias", 8)]),
     5, CLEAN),
    ("c2s", "PUBLISH by alias 8", publish(5, "", "2", p=[("topic_alias", 8)]), 5, CLEAN),
    ("c2s", "PUBLISH sets alias 3 = shadow update", publish(5, "$aws/things/sensor-01/shadow/update", "{}",
                                                           p=[("topic_alias", 3)]), 5, CLEAN),
    ("c2s", "PUBLISH by alias 3 with RETAIN=1: a reserved topic once resolved",
     publish(5, "", "{}", retain=True, p=[("topic_alias", 3)]), 5, {"aws.reserved_topic.retain": "close"}),
    ("c2s", "PUBLISH by alias 8 with RETAIN=1 (near miss: ordinary topic)",
     publish(5, "", "3", retain=True, p=[("topic_alias", 8)]), 5, CLEAN),
    ("c2s", "PUBLISH sets alias 9", publish(5, "dt/sensor-01/hum", "4", p=[("topic_alias", 9)]), 5,
     {"aws.topic_alias.max": "disconnect:0x94"}),
])

inflight = [
    ("#", "Receive Maximum 100 each way: 100 QoS 1 PUBLISH in flight is inside the window (near miss); a PUBACK frees"),
    ("#", "one slot for the 101st. (The over case has no rule id in the table: see README.md.)"),
    ("c2s", "CONNECT", connect(5, AWS_CID, 60), 5, CLEAN),
    ("s2c", "CONNACK with AWS's limits", AWS_CONNACK, 5, CLEAN),
]
for i in range(1, 101):
    inflight.append(("c2s", "PUBLISH QoS 1 id %d" % i, publish(5, "dt/sensor-01/n", str(i), qos=1, packet_id=i), 5,
                     CLEAN))
inflight.append(("s2c", "PUBACK 1", ack(5, "PUBACK", 1), 5, CLEAN))
inflight.append(("c2s", "PUBLISH QoS 1 id 101 (100 in flight again)",
                 publish(5, "dt/sensor-01/n", "101", qos=1, packet_id=101), 5, CLEAN))
conv("aws_session_inflight_100", "aws", 5, [], inflight)

conv("azure_session_device_id", "azure", 4, ["azure.topic.telemetry"], [
    ("#", "Reading: with the connection's state, telemetry must name the connected device (dev-01)."),
    ("c2s", "CONNECT dev-01", az_connect(), 4, CLEAN),
    ("s2c", "CONNACK", connack(4, 0), 4, CLEAN),
    ("c2s", "telemetry of dev-01 (near miss)", publish(4, TEL, "{}"), 4, CLEAN),
    ("c2s", "telemetry of dev-02", publish(4, "devices/dev-02/messages/events/", "{}"), 4,
     {"azure.topic.telemetry": "close"}),
])

conv("aliyun_session_version", "aliyun", 4, ["aliyun.retain.v3", "aliyun.shared_subscription.v3"], [
    ("#", "Each CONNECT sets the protocol version: retain and $share refused over 3.1.1, fine over 5.0."),
    ("c2s", "CONNECT 3.1.1", ali_connect(4), 4, CLEAN),
    ("s2c", "CONNACK", connack(4, 0), 4, CLEAN),
    ("c2s", "PUBLISH RETAIN=1 over 3.1.1", publish(4, UT + "status", "on", retain=True), 4,
     {"aliyun.retain.v3": "reject"}),
    ("c2s", "SUBSCRIBE $share over 3.1.1", subscribe(4, [("$share/g1/" + UT + "get", 1)]), 4,
     {"aliyun.shared_subscription.v3": "unconfirmed"}),
    ("close",),
    ("c2s", "CONNECT 5.0", ali_connect(5), 5, CLEAN),
    ("s2c", "CONNACK", connack(5, 0), 5, CLEAN),
    ("c2s", "PUBLISH RETAIN=1 over 5.0 (near miss)", publish(5, UT + "status", "on", retain=True), 5, CLEAN),
    ("c2s", "SUBSCRIBE $share over 5.0 (near miss)", subscribe(5, [("$share/g1/" + UT + "get", 1)]), 5, CLEAN),
])


# ---------------------------------------------------------------------------------------------------------------------
# Encoding, checking, writing

def run(args, text):
    r = subprocess.run([INSPECT] + args, input=text, capture_output=True, text=True)
    return r


def encode(pk, version):
    if "raw" in pk:
        return pk["raw"]
    r = run(["encode", "--version", str(version)], json.dumps(pk) + "\n")
    if r.returncode != 0:
        raise SystemExit("encode failed (%s): %s\n%s" % (r.stderr.strip(), json.dumps(pk)[:300], ""))
    return r.stdout.strip()


def decode_ok(hexline, version):
    r = run(["decode", "--hex", "--version", str(version)], hexline + "\n")
    out = json.loads(r.stdout.strip().splitlines()[0])
    return out["ok"], out


def expect_text(e):
    if e == CLEAN or e == UNDECODABLE:
        return e
    return " ".join("%s=%s" % (k, a) for k, a in sorted(e.items()))


def header(h, notes):
    lines = ["# profile: %s" % h["profile"], "# version: %d" % h["version"]]
    if "direction" in h:
        lines.append("# direction: %s" % h["direction"])
    lines.append(("# proves: " + " ".join(h["proves"])).rstrip())
    if not h["proves"]:
        lines.append("# (no rule id: traffic that must pass clean)")
    lines.append("# Generated by make_vectors.py from cloud-profiles.md / greengrass.md; do not edit by hand.")
    return lines + ["# " + n for n in notes]


def check_decodes(name, hexline, version, e, pk):
    ok, out = decode_ok(hexline, version)
    want_ok = e != UNDECODABLE
    if ok != want_ok:
        raise SystemExit("%s: packet decodes=%s, expected %s: %s" % (name, ok, want_ok, json.dumps(out)[:300]))
    if ok and "raw" not in pk and out["packet"]["type"] != pk["type"].upper():
        raise SystemExit("%s: decoded as %s" % (name, out["packet"]["type"]))


def write_hex(name, h, notes, rows):
    lines = header(h, notes)
    expects = ["# %s.expect: one line per packet line of %s.hex (INDEX = its 0-based line number)" % (name, name)]
    for row in rows:
        if row[0] == "#":
            lines.append("# " + row[1])
            continue
        label, pk, e = row
        assert e is not None
        hx = encode(pk, h["version"])
        check_decodes(name, hx, h["version"], e, pk)
        expects.append("%d %s" % (len(lines), expect_text(e)))
        lines.append("%s %s" % (hx, label))
    with open(os.path.join(OUT, name + ".hex"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(OUT, name + ".expect"), "w") as f:
        f.write("\n".join(expects) + "\n")
    # decode the whole file once more: every packet line must be where the .expect says
    r = run(["decode", "--hex", "--version", str(h["version"]), os.path.join(OUT, name + ".hex")], "")
    got = [json.loads(x)["index"] for x in r.stdout.splitlines()]
    want = [int(x.split()[0]) for x in expects[1:]]
    assert got == want, (name, got, want)
    return len(want)


def write_conv(name, h, notes, rows):
    lines = header(h, notes)
    expects = ["# %s.expect: one line per packet line of %s.conv (INDEX = its 0-based line number)" % (name, name)]
    for row in rows:
        if row[0] == "#":
            lines.append("# " + row[1])
            continue
        if row[0] == "close":
            lines.append("close")
            continue
        d, label, pk, version, e = row
        hx = encode(pk, version)
        check_decodes(name, hx, version, e, pk)
        expects.append("%d %s" % (len(lines), expect_text(e)))
        lines.append("%s %s %s" % (d, hx, label))
    with open(os.path.join(OUT, name + ".conv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(OUT, name + ".expect"), "w") as f:
        f.write("\n".join(expects) + "\n")
    return len(expects) - 1


def main():
    names = [f[0] for f in FILES] + [s[0] for s in SESSIONS]
    assert len(names) == len(set(names)), "duplicate file names"
    total = 0
    coverage = {}
    for name, h, notes, rows in FILES:
        total += write_hex(name, h, notes, rows)
        for row in rows:
            if row[0] != "#" and isinstance(row[2], dict):
                for rule in row[2]:
                    coverage.setdefault(rule, set()).add(name + ".hex")
    for name, h, notes, rows in SESSIONS:
        total += write_conv(name, h, notes, rows)
        for row in rows:
            if row[0] in ("c2s", "s2c") and isinstance(row[4], dict):
                for rule in row[4]:
                    coverage.setdefault(rule, set()).add(name + ".conv")
    print("%d files, %d packets" % (len(names), total))
    for rule in sorted(coverage):
        print("%s: %s" % (rule, " ".join(sorted(coverage[rule]))))


if __name__ == "__main__":
    main()
