#!/usr/bin/env python3
"""paho-mqtt (1.6) speaking MQTT 3.1.1 or 3.1 to the loopback recorder of tests/interop/interop_test.cpp,
which picks the version with mqtt5::select_protocol_version on paho's CONNECT.

    python3 paho_client_v311.py PORT 311|31

paho connects (clean session, User Name, Password, a Will at QoS 1 with RETAIN), subscribes to three
filters at QoS 0, 1 and 2, receives the recorder's QoS 1 and QoS 2 PUBLISHes, publishes at QoS 0, 1 and 2,
unsubscribes, idles until its keep alive of 1 s makes it ping, and disconnects.

Output (as paho_client.py): VERSION, SENT <packet line> for what paho was given, RECEIVED <packet line> for
what paho decoded, DONE. Packet lines have the format of to_line() in examples/interop/connection.hpp for
packets without properties (a 3.1.1 ack reads reason=00, an UNSUBACK has no rc).
"""

import sys
import threading

import paho.mqtt
import paho.mqtt.client as mqtt

TIMEOUT = 10.0
SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-+")


def esc(text):
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return "".join(chr(b) if b in SAFE else "%%%02X" % b for b in data)


def wait(event, what):
    if not event.wait(TIMEOUT):
        print("ERROR timed out waiting for " + what, flush=True)
        sys.exit(1)


def main():
    port = int(sys.argv[1])
    protocol = {"311": mqtt.MQTTv311, "31": mqtt.MQTTv31}[sys.argv[2]]
    lock = threading.Lock()
    sent, received, messages, published = [], [], [], {}
    connected, subscribed, unsubscribed = threading.Event(), threading.Event(), threading.Event()
    two_messages, pingresp, disconnected = threading.Event(), threading.Event(), threading.Event()

    def got(text):
        with lock:
            received.append(text)

    client_id = "paho-v" + sys.argv[2]  # 3.1: at most 23 characters
    client = mqtt.Client(client_id=client_id, clean_session=True, protocol=protocol)

    def on_connect(_client, _userdata, flags, rc):
        # 3.1 has no Session Present; paho reads byte 1 anyway.
        got("CONNACK session_present=%d reason=00%s" % (flags["session present"], "" if rc == 0 else " return_code=%d" % rc))
        connected.set()

    def on_subscribe(_client, _userdata, mid, granted):
        got("SUBACK packet_id=%d %s" % (mid, " ".join("rc=%02x" % q for q in granted)))
        subscribed.set()

    def on_unsubscribe(_client, _userdata, mid):
        got("UNSUBACK packet_id=%d" % mid)
        unsubscribed.set()

    def on_message(_client, _userdata, msg):
        fields = "PUBLISH topic=%s qos=%d retain=%d dup=%d" % (esc(msg.topic), msg.qos, int(msg.retain), int(msg.dup))
        if msg.qos > 0:
            fields += " packet_id=%d" % msg.mid
        got(fields + " payload=" + bytes(msg.payload).hex())
        with lock:
            messages.append(msg)
            if len(messages) == 2:
                two_messages.set()

    def published_event(mid):
        with lock:
            return published.setdefault(mid, threading.Event())

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_unsubscribe = on_unsubscribe
    client.on_message = on_message
    client.on_publish = lambda _c, _u, mid: published_event(mid).set()
    client.on_log = lambda _c, _u, _l, text: pingresp.set() if "Received PINGRESP" in text else None
    client.on_disconnect = lambda _c, _u, _rc: disconnected.set()

    username, password = "paho-user", "paho-secret"
    client.username_pw_set(username, password)
    will_topic, will_payload = "interop/paho311/will", b"paho will \x00\xff"
    client.will_set(will_topic, will_payload, qos=1, retain=True)
    keep_alive = 1
    sent.append("CONNECT client_id=%s clean_start=1 keep_alive=%d username=%s password=%s will.qos=1 will.retain=1 "
                "will.topic=%s will.payload=%s" % (esc(client_id), keep_alive, esc(username), password.encode().hex(),
                                                   esc(will_topic), will_payload.hex()))
    client.connect("127.0.0.1", port, keepalive=keep_alive)
    client.loop_start()
    wait(connected, "CONNACK")

    filters = [("interop/paho311/a", 2), ("interop/paho311/b/+", 1), ("interop/paho311/#", 0)]
    rc, mid = client.subscribe(filters)
    if rc != mqtt.MQTT_ERR_SUCCESS:
        print("ERROR subscribe returned %d" % rc, flush=True)
        return 1
    sent.append("SUBSCRIBE packet_id=%d %s" % (mid, " ".join("sub=%s,%d,0,0,0" % (esc(t), q) for t, q in filters)))
    wait(subscribed, "SUBACK")
    wait(two_messages, "the recorder's two PUBLISH packets")
    for msg in list(messages):
        if msg.qos == 1:
            sent.append("PUBACK packet_id=%d reason=00" % msg.mid)
        elif msg.qos == 2:
            sent.append("PUBREC packet_id=%d reason=00" % msg.mid)
            sent.append("PUBCOMP packet_id=%d reason=00" % msg.mid)

    for qos in (0, 1, 2):
        topic, payload = "interop/paho311/pub/%d" % qos, ("paho %s qos %d" % (sys.argv[2], qos)).encode()
        info = client.publish(topic, payload, qos=qos, retain=(qos == 1))
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            print("ERROR publish returned %d" % info.rc, flush=True)
            return 1
        line = "PUBLISH topic=%s qos=%d retain=%d dup=0" % (esc(topic), qos, int(qos == 1))
        if qos > 0:
            line += " packet_id=%d" % info.mid
        sent.append(line + " payload=" + payload.hex())
        if qos == 2:
            sent.append("PUBREL packet_id=%d reason=00" % info.mid)
        wait(published_event(info.mid), "the acknowledgement of the QoS %d PUBLISH" % qos)

    unsub_filters = ["interop/paho311/a", "interop/paho311/b/+"]
    rc, mid = client.unsubscribe(unsub_filters)
    if rc != mqtt.MQTT_ERR_SUCCESS:
        print("ERROR unsubscribe returned %d" % rc, flush=True)
        return 1
    sent.append("UNSUBSCRIBE packet_id=%d %s" % (mid, " ".join("filter=" + esc(f) for f in unsub_filters)))
    wait(unsubscribed, "UNSUBACK")

    sent.append("PINGREQ")
    wait(pingresp, "PINGRESP (paho pings after its keep alive of 1 s)")

    sent.append("DISCONNECT reason=00")  # 3.1.1 DISCONNECT has no reason code: decoded as success
    client.disconnect()
    wait(disconnected, "the disconnection")
    client.loop_stop()

    print("VERSION " + paho.mqtt.__version__)
    for text in sent:
        print("SENT " + text)
    with lock:
        for text in received:
            print("RECEIVED " + text)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
