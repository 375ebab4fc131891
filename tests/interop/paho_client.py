#!/usr/bin/env python3
"""Second independent MQTT v5 peer for the interop tests: drives Eclipse paho-mqtt (1.6) against the
loopback recorder of tests/interop/interop_test.cpp (mqtt5's codec on the other end).

    python3 paho_client.py PORT

paho connects with properties, a User Name, a Password and a Will with every Will property; subscribes
with options and a Subscription Identifier; receives the recorder's QoS 1 and QoS 2 PUBLISHes; publishes
at QoS 0, 1 and 2 with every client PUBLISH property (a Topic Alias set with the topic, then used with an
empty topic); unsubscribes; idles until its keep alive of 1 s makes it ping; and disconnects with reason
code 0x04 and properties.

Output on stdout, one item per line:
    VERSION <paho version>
    SENT <packet line>       what paho must have sent, rendered from the values given to paho
    RECEIVED <packet line>   what paho decoded from the recorder's packets
    DONE
The packet line format is the one of to_line() in examples/interop/connection.hpp: the packet type,
key=value fields in a fixed order, properties as p.<name>=<value> sorted by identifier (repeated ones in
wire order), integers in decimal, reason codes as two hex digits, binary data as lower-case hex, text
percent-encoded (A-Z a-z 0-9 . _ / - + stay), a User Property as name:value.
Exit status 0 on success; 1 with an ERROR line when paho failed or something did not arrive in time.
"""

import sys
import threading

import paho.mqtt
import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCodes
from paho.mqtt.subscribeoptions import SubscribeOptions

TIMEOUT = 10.0  # seconds, for every wait

NAMES = {
    1: "payload_format_indicator", 2: "message_expiry_interval", 3: "content_type", 8: "response_topic",
    9: "correlation_data", 11: "subscription_identifier", 17: "session_expiry_interval",
    18: "assigned_client_identifier", 19: "server_keep_alive", 21: "authentication_method",
    22: "authentication_data", 23: "request_problem_information", 24: "will_delay_interval",
    25: "request_response_information", 26: "response_information", 28: "server_reference",
    31: "reason_string", 33: "receive_maximum", 34: "topic_alias_maximum", 35: "topic_alias",
    36: "maximum_qos", 37: "retain_available", 38: "user_property", 39: "maximum_packet_size",
    40: "wildcard_subscription_available", 41: "subscription_identifier_available",
    42: "shared_subscription_available",
}
STRINGS = {3, 8, 18, 21, 26, 28, 31}
BINARY = {9, 22}
USER_PROPERTY = 38
SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-+")


def esc(text):
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return "".join(chr(b) if b in SAFE else "%%%02X" % b for b in data)


def value_text(ident, value):
    if ident == USER_PROPERTY:
        return esc(value[0]) + ":" + esc(value[1])
    if ident in BINARY:
        return bytes(value).hex()
    if ident in STRINGS:
        return esc(value)
    return str(int(value))


def prop_tokens(props, prefix="p."):
    """Tokens for a paho Properties object, sorted by identifier (lists keep their order)."""
    if props is None:
        return []
    tokens = []
    for name, ident in sorted(props.names.items(), key=lambda item: item[1]):
        attr = name.replace(" ", "")
        if not hasattr(props, attr):
            continue
        value = getattr(props, attr)
        for v in value if isinstance(value, list) else [value]:
            tokens.append(prefix + NAMES[ident] + "=" + value_text(ident, v))
    return tokens


def line(kind, *fields, props=None, extra=()):
    parts = [kind] + ["%s=%s" % kv for kv in fields] + prop_tokens(props) + list(extra)
    return " ".join(parts)


def make(packet_type, **values):
    props = Properties(packet_type)
    for key, value in values.items():
        setattr(props, key, value)
    return props


class Run:
    def __init__(self):
        self.sent = []
        self.received = []
        self.lock = threading.Lock()
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.unsubscribed = threading.Event()
        self.messages = []
        self.two_messages = threading.Event()
        self.published = {}
        self.pingresp = threading.Event()
        self.disconnected = threading.Event()

    def got(self, text):
        with self.lock:
            self.received.append(text)


def wait(event, what):
    if not event.wait(TIMEOUT):
        print("ERROR timed out waiting for " + what, flush=True)
        sys.exit(1)


def main():
    port = int(sys.argv[1])
    run = Run()
    client_id = "paho-interop"
    client = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv5)

    def on_connect(_client, _userdata, flags, reason, properties):
        run.got(line("CONNACK", ("session_present", int(flags["session present"])),
                     ("reason", "%02x" % reason.value), props=properties))
        run.connected.set()

    def on_subscribe(_client, _userdata, mid, reason_codes, properties):
        run.got(line("SUBACK", ("packet_id", mid), props=properties,
                     extra=["rc=%02x" % rc.value for rc in reason_codes]))
        run.subscribed.set()

    def on_unsubscribe(_client, _userdata, mid, properties, reason_codes):
        codes = reason_codes if isinstance(reason_codes, list) else [reason_codes]
        run.got(line("UNSUBACK", ("packet_id", mid), props=properties,
                     extra=["rc=%02x" % rc.value for rc in codes]))
        run.unsubscribed.set()

    def on_message(_client, _userdata, msg):
        fields = [("topic", esc(msg.topic)), ("qos", msg.qos), ("retain", int(msg.retain)), ("dup", int(msg.dup))]
        if msg.qos > 0:
            fields.append(("packet_id", msg.mid))
        fields.append(("payload", bytes(msg.payload).hex()))
        run.got(line("PUBLISH", *fields, props=msg.properties))
        with run.lock:
            run.messages.append(msg)
            if len(run.messages) == 2:
                run.two_messages.set()

    def on_publish(_client, _userdata, mid):
        with run.lock:
            run.published.setdefault(mid, threading.Event()).set()

    def on_log(_client, _userdata, _level, text):
        if "Received PINGRESP" in text:
            run.pingresp.set()

    def on_disconnect(_client, _userdata, _rc, _properties=None):
        run.disconnected.set()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_unsubscribe = on_unsubscribe
    client.on_message = on_message
    client.on_publish = on_publish
    client.on_log = on_log
    client.on_disconnect = on_disconnect

    def published(mid):
        with run.lock:
            return run.published.setdefault(mid, threading.Event())

    # CONNECT: properties, User Name, Password, Will with every Will property.
    username, password = "paho-user", b"paho-secret"
    client.username_pw_set(username, password)
    will_topic, will_payload = "interop/paho/will", "paho will \u2713".encode("utf-8")
    will_props = make(PacketTypes.WILLMESSAGE, WillDelayInterval=10, PayloadFormatIndicator=1,
                      MessageExpiryInterval=60, ContentType="text/plain; charset=utf-8",
                      ResponseTopic="interop/paho/will-reply", CorrelationData=b"\x00\x01will",
                      UserProperty=[("w", "1"), ("w", "2 \u00e9")])
    client.will_set(will_topic, will_payload, qos=1, retain=True, properties=will_props)
    connect_props = make(PacketTypes.CONNECT, SessionExpiryInterval=300, ReceiveMaximum=16,
                         MaximumPacketSize=65536, TopicAliasMaximum=4, RequestResponseInformation=1,
                         RequestProblemInformation=0, UserProperty=[("paho", "connect"), ("k", "v")])
    keep_alive = 1  # short, so that paho sends a PINGREQ while the script idles
    run.sent.append(line("CONNECT", ("client_id", esc(client_id)), ("clean_start", 1), ("keep_alive", keep_alive),
                         ("username", esc(username)), ("password", password.hex()), props=connect_props,
                         extra=["will.qos=1", "will.retain=1", "will.topic=" + esc(will_topic),
                                "will.payload=" + will_payload.hex()] + prop_tokens(will_props, "will.p.")))
    client.connect("127.0.0.1", port, keepalive=keep_alive, clean_start=True, properties=connect_props)
    client.loop_start()
    wait(run.connected, "CONNACK")

    # SUBSCRIBE: three filters with every option, a Subscription Identifier and a User Property. The
    # recorder answers with SUBACK, then sends a QoS 1 and a QoS 2 PUBLISH.
    sub_props = make(PacketTypes.SUBSCRIBE, SubscriptionIdentifier=77, UserProperty=[("sub", "opts")])
    filters = [
        ("interop/paho/a", SubscribeOptions(qos=2, noLocal=True, retainAsPublished=True, retainHandling=0)),
        ("interop/paho/b/+", SubscribeOptions(qos=1, noLocal=False, retainAsPublished=False, retainHandling=1)),
        ("interop/paho/#", SubscribeOptions(qos=0, noLocal=False, retainAsPublished=True, retainHandling=2)),
    ]
    rc, mid = client.subscribe(filters, properties=sub_props)
    if rc != mqtt.MQTT_ERR_SUCCESS:
        print("ERROR subscribe returned %d" % rc, flush=True)
        return 1
    run.sent.append(line("SUBSCRIBE", ("packet_id", mid), props=sub_props,
                         extra=["sub=%s,%d,%d,%d,%d" % (esc(t), o.QoS, int(o.noLocal), int(o.retainAsPublished),
                                                         o.retainHandling) for t, o in filters]))
    wait(run.subscribed, "SUBACK")
    wait(run.two_messages, "the recorder's two PUBLISH packets")
    for msg in list(run.messages):
        if msg.qos == 1:
            run.sent.append("PUBACK packet_id=%d reason=00" % msg.mid)
        elif msg.qos == 2:
            run.sent.append("PUBREC packet_id=%d reason=00" % msg.mid)
            run.sent.append("PUBCOMP packet_id=%d reason=00" % msg.mid)

    # PUBLISH at QoS 0 (sets Topic Alias 1), QoS 1 and QoS 2 (use it with an empty topic).
    topic = "interop/paho/pub"

    def pub_props(alias):
        return make(PacketTypes.PUBLISH, PayloadFormatIndicator=1, MessageExpiryInterval=30,
                    ContentType="application/json", ResponseTopic="interop/paho/reply",
                    CorrelationData=b"\xde\xad\xbe\xef", TopicAlias=alias,
                    UserProperty=[("a", "1"), ("b", "two words")])

    for qos, send_topic in ((0, topic), (1, ""), (2, "")):
        props = pub_props(1)
        payload = ('{"paho":%d}' % qos).encode("ascii")
        info = client.publish(send_topic, payload, qos=qos, retain=False, properties=props)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            print("ERROR publish returned %d" % info.rc, flush=True)
            return 1
        fields = [("topic", esc(send_topic)), ("qos", qos), ("retain", 0), ("dup", 0)]
        if qos > 0:
            fields.append(("packet_id", info.mid))
        fields.append(("payload", payload.hex()))
        run.sent.append(line("PUBLISH", *fields, props=props))
        if qos == 2:
            run.sent.append("PUBREL packet_id=%d reason=00" % info.mid)
        wait(published(info.mid), "the acknowledgement of the QoS %d PUBLISH" % qos)

    # UNSUBSCRIBE two of the filters, with a User Property.
    unsub_props = make(PacketTypes.UNSUBSCRIBE, UserProperty=[("unsub", "1")])
    unsub_filters = ["interop/paho/a", "interop/paho/b/+"]
    rc, mid = client.unsubscribe(unsub_filters, properties=unsub_props)
    if rc != mqtt.MQTT_ERR_SUCCESS:
        print("ERROR unsubscribe returned %d" % rc, flush=True)
        return 1
    run.sent.append(line("UNSUBSCRIBE", ("packet_id", mid), props=unsub_props,
                         extra=["filter=" + esc(f) for f in unsub_filters]))
    wait(run.unsubscribed, "UNSUBACK")

    # Idle until the keep alive makes paho ping (and the recorder answers).
    run.sent.append("PINGREQ")
    wait(run.pingresp, "PINGRESP (paho pings after its keep alive of 1 s)")

    # DISCONNECT with 0x04 (Disconnect with Will Message) and properties.
    disconnect_props = make(PacketTypes.DISCONNECT, SessionExpiryInterval=0, ReasonString="paho done",
                            UserProperty=[("bye", "paho")])
    reason = ReasonCodes(PacketTypes.DISCONNECT, "Disconnect with will message")
    run.sent.append(line("DISCONNECT", ("reason", "%02x" % reason.value), props=disconnect_props))
    client.disconnect(reasoncode=reason, properties=disconnect_props)
    wait(run.disconnected, "the disconnection")
    client.loop_stop()

    print("VERSION " + paho.mqtt.__version__)
    for text in run.sent:
        print("SENT " + text)
    with run.lock:
        for text in run.received:
            print("RECEIVED " + text)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
