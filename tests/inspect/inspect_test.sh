#!/usr/bin/env bash
# Tests of mqtt5-inspect, one case per ctest test (see CMakeLists.txt here):
#
#   bash inspect_test.sh CASE INSPECT DATA_DIR WORK_DIR
#
# CASE is one of the functions case_* below, INSPECT the mqtt5-inspect binary, DATA_DIR this folder
# (golden.hex and the other data files), WORK_DIR a scratch folder for the case. Prints what differs and
# exits 1 on failure; the last line is "<case>: passed" on success.
set -uo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 CASE INSPECT DATA_DIR WORK_DIR" >&2
  exit 2
fi
case_name=$1
inspect=$2
data=$3
work=$4
rm -rf "$work" && mkdir -p "$work" || exit 1
cd "$work" || exit 1

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_status WANT COMMAND...: runs COMMAND, checks its exit status.
expect_status() {
  local want=$1
  shift
  "$@"
  local got=$?
  [[ $got -eq $want ]] || fail "exit status $got, expected $want: $*"
}

# same_file EXPECTED ACTUAL WHAT: the files are equal (shows a diff when not).
same_file() {
  if ! diff -u "$1" "$2" >"$work/diff.txt"; then
    fail "$3 differs from $1:"
    head -n 40 "$work/diff.txt"
  fi
}

# The packet lines of a --hex file: first token, lower case.
packet_tokens() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" | awk '{print tolower($1)}'; }

# Hex text (one packet per line on stdin) -> raw bytes on stdout, with bash alone.
hex_to_bin() {
  local line escaped i
  while read -r line; do
    escaped=""
    for ((i = 0; i < ${#line}; i += 2)); do escaped+="\\x${line:i:2}"; done
    printf '%b' "$escaped"
  done
}

# The "packet" part of each output line (drops index, label and stream_offset).
packets_only() { sed -e 's/^.*"ok":true,"packet"://' -e 's/}$//' "$1"; }

# ---- cases -------------------------------------------------------------------------------------------

# golden.hex decodes without an error and covers all 15 packet types and all 27 properties.
case_golden_coverage() {
  expect_status 0 "$inspect" decode --hex "$data/golden.hex" >decoded.jsonl
  local lines packets
  lines=$(packet_tokens "$data/golden.hex" | wc -l)
  packets=$(grep -c '"ok":true' decoded.jsonl)
  [[ $lines -eq $packets && $(wc -l <decoded.jsonl) -eq $lines ]] || fail "$lines packet lines but $packets decoded"
  local t
  for t in CONNECT CONNACK PUBLISH PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK UNSUBSCRIBE UNSUBACK \
           PINGREQ PINGRESP DISCONNECT AUTH; do
    grep -q "\"type\":\"$t\"" decoded.jsonl || fail "no $t packet in golden.hex"
  done
  local p
  for p in payload_format_indicator message_expiry_interval content_type response_topic correlation_data \
           subscription_identifier session_expiry_interval assigned_client_identifier server_keep_alive \
           authentication_method authentication_data request_problem_information will_delay_interval \
           request_response_information response_information server_reference reason_string receive_maximum \
           topic_alias_maximum topic_alias maximum_qos retain_available user_property maximum_packet_size \
           wildcard_subscription_available subscription_identifier_available shared_subscription_available; do
    grep -q "\"name\":\"$p\"" decoded.jsonl || fail "no $p property in golden.hex"
  done
  # Every envelope carries its 0-based line number and its label.
  local first
  first=$(grep -n -v -e '^#' -e '^$' "$data/golden.hex" | head -n 1 | cut -d: -f1)
  grep -q "^{\"index\":$((first - 1)),\"label\":\"CONNECT minimal" decoded.jsonl || fail "first envelope: index/label"
}

# decode --hex | encode reproduces every golden line exactly.
case_golden_roundtrip() {
  packet_tokens "$data/golden.hex" >expected.hex
  "$inspect" decode --hex "$data/golden.hex" >decoded.jsonl
  expect_status 0 "$inspect" encode decoded.jsonl >encoded.hex
  same_file expected.hex encoded.hex "decode --hex | encode"
  # The same through pipes and standard input ("-" and no FILE).
  "$inspect" decode --hex - <"$data/golden.hex" | "$inspect" encode - >piped.hex
  same_file expected.hex piped.hex "decode --hex - | encode -"
  # Bare packet objects (not whole envelopes) encode the same.
  packets_only decoded.jsonl | "$inspect" encode >bare.hex
  same_file expected.hex bare.hex "bare packet objects | encode"
}

# The JSON of a few packets, written out by hand.
case_decode_expected() {
  expect_status 0 "$inspect" decode --hex "$data/decode_expected.hex" >actual.jsonl
  same_file "$data/decode_expected.jsonl" actual.jsonl "decode --hex decode_expected.hex"
}

# Malformed packets: one error object each, and exit status 1.
case_malformed() {
  expect_status 1 "$inspect" decode --hex "$data/malformed.hex" >actual.jsonl
  same_file "$data/malformed_expected.jsonl" actual.jsonl "decode --hex malformed.hex"
}

# Raw stream mode on the concatenated binary: the same packets as line by line.
case_raw_stream() {
  packet_tokens "$data/golden.hex" >expected.hex
  hex_to_bin <expected.hex >golden.bin
  [[ $(wc -c <golden.bin) -eq $(($(tr -d '\n' <expected.hex | wc -c) / 2)) ]] || fail "hex_to_bin wrote the wrong size"

  expect_status 0 "$inspect" decode golden.bin >raw.jsonl
  expect_status 0 "$inspect" decode --hex "$data/golden.hex" >lines.jsonl
  packets_only raw.jsonl >raw_packets.txt
  packets_only lines.jsonl >line_packets.txt
  same_file line_packets.txt raw_packets.txt "raw stream packets"
  "$inspect" encode raw.jsonl >encoded.hex
  same_file expected.hex encoded.hex "decode FILE | encode"
  "$inspect" decode <golden.bin | "$inspect" encode >stdin.hex
  same_file expected.hex stdin.hex "decode <stdin | encode"

  # Envelopes of the stream: packet number and stream offset, no label.
  head -n 2 raw.jsonl | sed -e 's/,"ok".*//' >envelopes.txt
  printf '%s\n' '{"index":0,"stream_offset":0' '{"index":1,"stream_offset":15' >expected_envelopes.txt
  same_file expected_envelopes.txt envelopes.txt "first stream envelopes"

  # --hex --stream joins the lines: the same packets, each with the label of its line.
  expect_status 0 "$inspect" decode --hex --stream "$data/golden.hex" >hexstream.jsonl
  packets_only hexstream.jsonl >hexstream_packets.txt
  same_file line_packets.txt hexstream_packets.txt "--hex --stream packets"
  grep -o '"label":"[^"]*"' lines.jsonl >line_labels.txt
  grep -o '"label":"[^"]*"' hexstream.jsonl >stream_labels.txt
  same_file line_labels.txt stream_labels.txt "--hex --stream labels"
}

# A stream larger than the 64 KiB read size (128 x golden): packets split across reads are reassembled.
case_stream_chunks() {
  packet_tokens "$data/golden.hex" >one.hex
  hex_to_bin <one.hex >one.bin
  local i
  cp one.hex expected.hex
  cp one.bin big.bin
  for ((i = 0; i < 7; ++i)); do  # doubling: 128 copies
    cat expected.hex expected.hex >twice.hex && mv twice.hex expected.hex
    cat big.bin big.bin >twice.bin && mv twice.bin big.bin
  done
  [[ $(wc -c <big.bin) -gt 131072 ]] || fail "big.bin is too small to span several reads"
  expect_status 0 "$inspect" decode big.bin >big.jsonl
  [[ $(wc -l <big.jsonl) -eq $(wc -l <expected.hex) ]] || fail "$(wc -l <big.jsonl) packets, expected $(wc -l <expected.hex)"
  "$inspect" encode big.jsonl >encoded.hex
  same_file expected.hex encoded.hex "128 x golden, decode | encode"
}

# How a stream ends: trailing partial data, a framing error, packets split over --hex lines.
case_stream_errors() {
  # PINGREQ, then the first 3 bytes of a 6-byte PUBLISH at the end of the input.
  printf '%s\n' c000 320400 | hex_to_bin >partial.bin
  expect_status 1 "$inspect" decode partial.bin >partial.jsonl
  printf '%s\n' \
    '{"index":0,"stream_offset":0,"ok":true,"packet":{"type":"PINGREQ","type_code":12,"flags":0,"remaining_length":0}}' \
    '{"index":1,"stream_offset":2,"ok":false,"error":"incomplete_packet","reason_code":129,"offset":3}' >expected.jsonl
  same_file expected.jsonl partial.jsonl "trailing partial packet"

  # A Remaining Length of 5 bytes breaks the stream: nothing after it is read.
  printf '%s\n' c000 30ffffffff01 d000 | hex_to_bin >broken.bin
  expect_status 1 "$inspect" decode broken.bin >broken.jsonl
  printf '%s\n' \
    '{"index":0,"stream_offset":0,"ok":true,"packet":{"type":"PINGREQ","type_code":12,"flags":0,"remaining_length":0}}' \
    '{"index":1,"stream_offset":2,"ok":false,"error":"varint_too_long","reason_code":129,"offset":1}' >expected.jsonl
  same_file expected.jsonl broken.jsonl "framing error"

  # A packet that frames but does not decode does not end the stream.
  printf '%s\n' 4003000192 c000 | hex_to_bin >bad_packet.bin
  expect_status 1 "$inspect" decode bad_packet.bin >bad_packet.jsonl
  printf '%s\n' \
    '{"index":0,"stream_offset":0,"ok":false,"error":"invalid_reason_code","reason_code":130,"offset":4}' \
    '{"index":1,"stream_offset":5,"ok":true,"packet":{"type":"PINGREQ","type_code":12,"flags":0,"remaining_length":0}}' >expected.jsonl
  same_file expected.jsonl bad_packet.jsonl "undecodable packet in a stream"

  # --hex --stream: a PUBLISH split over two lines (edge case 14), then a PINGRESP in the second line.
  printf '%s\n' '# split' '3207000161 first half' '' '000a0058d000 second half' >split.hex
  expect_status 0 "$inspect" decode --hex --stream split.hex >split.jsonl
  printf '%s\n' \
    '{"index":0,"label":"first half","stream_offset":0,"ok":true,"packet":{"type":"PUBLISH","type_code":3,"flags":2,"remaining_length":7,"dup":false,"qos":1,"retain":false,"topic":"a","packet_id":10,"properties":[],"payload":"58"}}' \
    '{"index":1,"label":"second half","stream_offset":9,"ok":true,"packet":{"type":"PINGRESP","type_code":13,"flags":0,"remaining_length":0}}' >expected.jsonl
  same_file expected.jsonl split.jsonl "--hex --stream split packet"
  # Without --stream each line is a packet of its own: the first is cut short, the second starts with type 0.
  expect_status 1 "$inspect" decode --hex split.hex >halves.jsonl
  grep -q '^{"index":1,"label":"first half","ok":false,"error":"incomplete_packet"' halves.jsonl || fail "first half alone"
  grep -q '^{"index":3,"label":"second half","ok":false,"error":"reserved_packet_type"' halves.jsonl || fail "second half alone"

  # --hex --stream: a line that is not hex ends the stream, after the packets before it.
  printf '%s\n' 'c000 ping' 'd0 half' '00e0zz bad' 'c000 never' >badhex.hex
  expect_status 1 "$inspect" decode --hex --stream badhex.hex >badhex.jsonl
  printf '%s\n' \
    '{"index":0,"label":"ping","stream_offset":0,"ok":true,"packet":{"type":"PINGREQ","type_code":12,"flags":0,"remaining_length":0}}' \
    '{"index":1,"label":"half","stream_offset":2,"ok":true,"packet":{"type":"PINGRESP","type_code":13,"flags":0,"remaining_length":0}}' \
    '{"index":2,"label":"bad","stream_offset":4,"ok":false,"error":"invalid_hex","reason_code":129,"offset":1}' >expected.jsonl
  same_file expected.jsonl badhex.jsonl "--hex --stream with a bad line"

  # --max-packet-size: the framer refuses a larger packet as soon as its fixed header is known.
  packet_tokens "$data/golden.hex" | grep '^32b903' | hex_to_bin >p1.bin
  expect_status 1 "$inspect" decode --max-packet-size 443 p1.bin >small.jsonl
  grep -q '^{"index":0,"stream_offset":0,"ok":false,"error":"packet_too_large","reason_code":149,"offset":0}$' small.jsonl ||
    fail "--max-packet-size 443: $(cat small.jsonl)"
  expect_status 0 "$inspect" decode --max-packet-size=444 p1.bin >exact.jsonl
}

# Decode options: --role (direction rules) and --lenient-varint.
case_decode_options() {
  # Session Expiry Interval in DISCONNECT (edge case 40): a Server must not send it.
  echo 'e0070005110000000a' >disconnect.hex
  expect_status 0 "$inspect" decode --hex disconnect.hex >/dev/null
  expect_status 0 "$inspect" decode --hex --role client disconnect.hex >/dev/null
  expect_status 1 "$inspect" decode --hex --role=server disconnect.hex >server.jsonl
  grep -q '"error":"session_expiry_from_server","reason_code":130,"offset":4}$' server.jsonl || fail "--role server: $(cat server.jsonl)"
  # Subscription Identifier in a Client's PUBLISH (edge case 30).
  echo '3006000161020b01' >publish.hex
  expect_status 1 "$inspect" decode --hex --role client publish.hex >client.jsonl
  grep -q '"error":"subscription_identifier_from_client","reason_code":130,"offset":6}$' client.jsonl || fail "--role client: $(cat client.jsonl)"
  # A non-minimal Remaining Length (edge case 3) is refused unless --lenient-varint.
  echo 'c08000' >lenient.hex
  expect_status 1 "$inspect" decode --hex lenient.hex >/dev/null
  expect_status 0 "$inspect" decode --hex --lenient-varint lenient.hex >lenient.jsonl
  grep -q '"packet":{"type":"PINGREQ","type_code":12,"flags":0,"remaining_length":0}}$' lenient.jsonl || fail "--lenient-varint: $(cat lenient.jsonl)"
}

# Hand-written JSON -> hand-computed bytes: derived fields ignored, remaining_length picks ack forms.
case_encode_cases() {
  expect_status 0 "$inspect" encode "$data/encode_cases.jsonl" >actual.hex
  same_file "$data/encode_expected.hex" actual.hex "encode encode_cases.jsonl"
  # An edited packet still encodes: P2 with a longer topic and its stale remaining_length/flags.
  "$inspect" decode --hex "$data/golden.hex" | grep '"label":"P2 ' |
    sed -e 's|"topic":"t/1"|"topic":"t/12345"|' >edited.jsonl
  grep -q '"remaining_length":22,.*"topic":"t/12345"' edited.jsonl || fail "could not edit P2"
  "$inspect" encode edited.jsonl >edited.hex
  echo '301a0007742f313233343500abababababababababababababababab' >expected.hex
  same_file expected.hex edited.hex "edited P2"
}

# Lines that cannot be encoded: a message on stderr naming the line, nothing on stdout, exit status 1.
case_encode_errors() {
  expect_status 1 "$inspect" encode "$data/encode_errors.jsonl" >out.hex 2>err.txt
  echo c000 >expected.hex
  same_file expected.hex out.hex "encode stdout"
  # Lines of encode_errors.stderr that end in '*' only need to match up to there.
  local n_expected n_actual i want got
  n_expected=$(wc -l <"$data/encode_errors.stderr")
  n_actual=$(wc -l <err.txt)
  [[ $n_expected -eq $n_actual ]] || fail "$n_actual stderr lines, expected $n_expected"
  for ((i = 1; i <= n_expected; ++i)); do
    want=$(sed -n "${i}p" "$data/encode_errors.stderr")
    got=$(sed -n "${i}p" err.txt)
    if [[ $want == *'*' ]]; then
      [[ $got == "${want%\*}"* ]] || fail "stderr line $i: '$got' does not start with '${want%\*}'"
    else
      [[ $got == "$want" ]] || fail "stderr line $i: '$got', expected '$want'"
    fi
  done
}

# Exit status 0 / 1 / 2 and --help.
case_exit_codes() {
  echo c000 >ok.hex
  echo 41020001 >bad.hex
  expect_status 0 "$inspect" decode --hex ok.hex >/dev/null
  expect_status 1 "$inspect" decode --hex bad.hex >/dev/null
  expect_status 0 "$inspect" --help >help.txt
  grep -q '^usage: mqtt5-inspect decode' help.txt || fail "--help prints no usage"
  grep -q 'IGNORED' help.txt || fail "--help does not say how derived fields are treated"
  expect_status 0 "$inspect" decode --help >/dev/null
  expect_status 0 "$inspect" encode --help >/dev/null
  local usage
  for usage in "" "frobnicate" "decode --bogus" "decode --role" "decode --role broker ok.hex" \
               "decode --hex ok.hex ok.hex" "decode --max-packet-size 1 ok.hex" "decode --max-packet-size x ok.hex" \
               "decode --hex=1 ok.hex" "encode --hex ok.hex" "decode --hex does-not-exist.hex" \
               "encode does-not-exist.jsonl"; do
    # shellcheck disable=SC2086 # the words are the arguments
    expect_status 2 "$inspect" $usage </dev/null >/dev/null 2>err.txt
    [[ -s err.txt ]] || fail "no message on stderr for: $usage"
  done
  echo '{"type":"PINGREQ"}' >ok.jsonl
  echo '{"type":"PINGREQ","bogus":1}' >bad.jsonl
  expect_status 0 "$inspect" encode ok.jsonl >/dev/null
  expect_status 1 "$inspect" encode bad.jsonl >/dev/null 2>&1
}

# ---- MQTT 3.1.1 (--version 4) and 3.1 (--version 3) ------------------------------------------------------

# golden_v311.hex decodes at level 4 and holds all 14 packet types of 3.1.1, with no properties and no reason
# code where 3.1.1 has none; golden_v31.hex decodes at level 3. Neither decodes as v5 line by line.
case_v311_golden_coverage() {
  expect_status 0 "$inspect" decode --version 4 --hex "$data/golden_v311.hex" >decoded.jsonl
  local lines packets
  lines=$(packet_tokens "$data/golden_v311.hex" | wc -l)
  packets=$(grep -c '"ok":true' decoded.jsonl)
  [[ $lines -eq $packets && $(wc -l <decoded.jsonl) -eq $lines ]] || fail "$lines packet lines but $packets decoded"
  local t
  for t in CONNECT CONNACK PUBLISH PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK UNSUBSCRIBE UNSUBACK \
           PINGREQ PINGRESP DISCONNECT; do
    grep -q "\"type\":\"$t\"" decoded.jsonl || fail "no $t packet in golden_v311.hex"
  done
  # Issue 9 item 7: no properties anywhere; reason_code only in CONNACK, reason_codes only in SUBACK.
  grep -q '"properties"' decoded.jsonl && fail "a level-4 packet shows properties"
  grep '"reason_code"' decoded.jsonl | grep -qv '"type":"CONNACK"' && fail "reason_code outside CONNACK"
  grep '"reason_codes"' decoded.jsonl | grep -qv '"type":"SUBACK"' && fail "reason_codes outside SUBACK"
  grep -q '"protocol_name":"MQTT","protocol_version":4,' decoded.jsonl || fail "CONNECT is not MQTT/4"
  local rc
  for rc in 0 1 2 5; do
    grep -q "\"type\":\"CONNACK\".*\"reason_code\":$rc}" decoded.jsonl || fail "no CONNACK return code $rc"
  done

  expect_status 0 "$inspect" decode --version 3 --hex "$data/golden_v31.hex" >decoded31.jsonl
  lines=$(packet_tokens "$data/golden_v31.hex" | wc -l)
  [[ $(grep -c '"ok":true' decoded31.jsonl) -eq $lines ]] || fail "golden_v31.hex: not all $lines lines decode at level 3"
  grep -q '"properties"' decoded31.jsonl && fail "a level-3 packet shows properties"
  grep -q '"protocol_name":"MQIsdp","protocol_version":3,' decoded31.jsonl || fail "CONNECT is not MQIsdp/3"
  # Each version's packets are refused where they do not belong: CONNECTs at another level, 3.1 DUP flags at 4.
  expect_status 1 "$inspect" decode --version 4 --hex "$data/golden_v31.hex" >v31_at_4.jsonl
  expect_status 1 "$inspect" decode --hex "$data/golden_v311.hex" >v311_at_5.jsonl
  expect_status 1 "$inspect" decode --version 5 --hex "$data/golden_v311.hex" >/dev/null
  grep -q '"label":"PUBREL re-sent with DUP","ok":false,"error":"invalid_fixed_header_flags","reason_code":null' v31_at_4.jsonl ||
    fail "a 3.1 PUBREL with DUP decodes at level 4"
  grep -q '"label":"CONNECT clean session, keep alive 60, client id c1","ok":false,"error":"unsupported_protocol_version","reason_code":132' v311_at_5.jsonl ||
    fail "a level-4 CONNECT at --version 5: $(head -n 1 v311_at_5.jsonl)"
}

# decode --version N | encode --version N reproduces every golden line exactly (levels 4 and 3), through files,
# pipes, and bare packet objects; the raw stream mode (the same framer for every version) gives the same packets.
case_v311_golden_roundtrip() {
  local version file
  for version in 4 3; do
    file=$data/golden_v311.hex
    [[ $version -eq 3 ]] && file=$data/golden_v31.hex
    packet_tokens "$file" >expected$version.hex
    "$inspect" decode --version $version --hex "$file" >decoded$version.jsonl
    expect_status 0 "$inspect" encode --version $version decoded$version.jsonl >encoded$version.hex
    same_file expected$version.hex encoded$version.hex "decode --version $version | encode --version $version"
    "$inspect" decode --hex --version=$version - <"$file" | "$inspect" encode --version=$version - >piped$version.hex
    same_file expected$version.hex piped$version.hex "decode --hex --version=$version - | encode --version=$version -"
    packets_only decoded$version.jsonl | "$inspect" encode --version $version >bare$version.hex
    same_file expected$version.hex bare$version.hex "bare level-$version packet objects | encode"
    hex_to_bin <expected$version.hex >golden$version.bin
    expect_status 0 "$inspect" decode --version $version golden$version.bin >raw$version.jsonl
    packets_only raw$version.jsonl >raw_packets$version.txt
    packets_only decoded$version.jsonl >line_packets$version.txt
    same_file line_packets$version.txt raw_packets$version.txt "level-$version raw stream packets"
  done
  # Level-4 JSON does not encode as v5 (a PUBACK without reason code would; CONNECT says why it cannot).
  grep '"type":"CONNECT"' decoded4.jsonl | head -n 1 >connect4.jsonl
  expect_status 1 "$inspect" encode connect4.jsonl >/dev/null 2>err.txt
  grep -q 'protocol_version: only 5 can be encoded$' err.txt || fail "level-4 CONNECT at v5: $(cat err.txt)"
}

# The JSON of a few 3.1.1 packets, and of 3.1's own bits, written out by hand.
case_v311_decode_expected() {
  expect_status 0 "$inspect" decode --version 4 --hex "$data/decode_expected_v311.hex" >actual.jsonl
  same_file "$data/decode_expected_v311.jsonl" actual.jsonl "decode --version 4 --hex decode_expected_v311.hex"
  # 3.1: CONNACK byte 1 is not Session Present; DUP on a re-sent SUBSCRIBE shows in flags (1010).
  printf '%s\n' '20020102 connack' '8a0800010003612f6201 dup subscribe' >v31.hex
  expect_status 0 "$inspect" decode --version 3 --hex v31.hex >v31.jsonl
  printf '%s\n' \
    '{"index":0,"label":"connack","ok":true,"packet":{"type":"CONNACK","type_code":2,"flags":0,"remaining_length":2,"connack_flags":1,"session_present":false,"reason_code":2}}' \
    '{"index":1,"label":"dup subscribe","ok":true,"packet":{"type":"SUBSCRIBE","type_code":8,"flags":10,"remaining_length":8,"packet_id":1,"subscriptions":[{"topic_filter":"a/b","options":1,"qos":1,"no_local":false,"retain_as_published":false,"retain_handling":0}]}}' \
    >expected.jsonl
  same_file expected.jsonl v31.jsonl "decode --version 3 of 3.1 flags"
  # The bridge level (0x84) only with --accept-bridge-protocol-level, and then shown as 132.
  echo '100e00044d5154548402000000026272 bridge' >bridge.hex
  expect_status 1 "$inspect" decode --version 4 --hex bridge.hex >refused.jsonl
  grep -q '"error":"unsupported_protocol_version","reason_code":1,"offset":8}$' refused.jsonl || fail "bridge level refused: $(cat refused.jsonl)"
  expect_status 0 "$inspect" decode --version 4 --accept-bridge-protocol-level --hex bridge.hex >bridge.jsonl
  grep -q '"protocol_name":"MQTT","protocol_version":132,' bridge.jsonl || fail "bridge level: $(cat bridge.jsonl)"
  "$inspect" encode --version 4 bridge.jsonl >bridge_out.hex
  echo 100e00044d5154548402000000026272 >bridge_expected.hex
  same_file bridge_expected.hex bridge_out.hex "bridge CONNECT re-encoded"
}

# Malformed 3.1.1 and 3.1 packets: one error object each; reason_code is the CONNACK Return Code 3.1.1 names
# (1 for an unacceptable protocol level, 2 for a rejected ClientId) and null otherwise.
case_v311_malformed() {
  expect_status 1 "$inspect" decode --version 4 --hex "$data/malformed_v311.hex" >actual.jsonl
  same_file "$data/malformed_v311_expected.jsonl" actual.jsonl "decode --version 4 --hex malformed_v311.hex"
  expect_status 1 "$inspect" decode --version 3 --hex "$data/malformed_v31.hex" >actual31.jsonl
  same_file "$data/malformed_v31_expected.jsonl" actual31.jsonl "decode --version 3 --hex malformed_v31.hex"
  # The inspector's own errors and framing errors: null at levels 3 and 4 (close the connection).
  echo 'c0zz bad' >badhex.hex
  expect_status 1 "$inspect" decode --version 4 --hex badhex.hex >badhex.jsonl
  grep -q '"error":"invalid_hex","reason_code":null,"offset":1}$' badhex.jsonl || fail "invalid_hex at level 4: $(cat badhex.jsonl)"
  printf '%s\n' c000 30ffffffff01 | hex_to_bin >broken.bin
  expect_status 1 "$inspect" decode --version 4 broken.bin >broken.jsonl
  grep -q '^{"index":1,"stream_offset":2,"ok":false,"error":"varint_too_long","reason_code":null,"offset":1}$' broken.jsonl ||
    fail "framing error at level 4: $(cat broken.jsonl)"
}

# Hand-written 3.1.1 JSON -> hand-computed bytes.
case_v311_encode_cases() {
  expect_status 0 "$inspect" encode --version 4 "$data/encode_cases_v311.jsonl" >actual.hex
  same_file "$data/encode_expected_v311.hex" actual.hex "encode --version 4 encode_cases_v311.jsonl"
  # Level 3: the name and level of 3.1, and the flags and connack_flags that 3.1 keeps.
  printf '%s\n' \
    '{"type":"CONNECT","client_id":"cy1","clean_start":true,"keep_alive":60}' \
    '{"type":"CONNACK","connack_flags":1,"reason_code":2}' \
    '{"type":"PUBREL","flags":10,"packet_id":11}' \
    '{"type":"PUBREL","packet_id":11}' >v31.jsonl
  expect_status 0 "$inspect" encode --version 3 v31.jsonl >v31.hex
  printf '%s\n' 101100064d51497364700302003c0003637931 20020102 6a02000b 6202000b >expected31.hex
  same_file expected31.hex v31.hex "encode --version 3"
}

# Lines that level 4 (or 3) cannot carry: a message naming the field or the rule, never a silent drop.
case_v311_encode_errors() {
  expect_status 1 "$inspect" encode --version 4 "$data/encode_errors_v311.jsonl" >out.hex 2>err.txt
  echo c000 >expected.hex
  same_file expected.hex out.hex "encode --version 4 stdout"
  local n_expected n_actual i want got
  n_expected=$(wc -l <"$data/encode_errors_v311.stderr")
  n_actual=$(wc -l <err.txt)
  [[ $n_expected -eq $n_actual ]] || fail "$n_actual stderr lines, expected $n_expected"
  for ((i = 1; i <= n_expected; ++i)); do
    want=$(sed -n "${i}p" "$data/encode_errors_v311.stderr")
    got=$(sed -n "${i}p" err.txt)
    if [[ $want == *'*' ]]; then
      [[ $got == "${want%\*}"* ]] || fail "stderr line $i: '$got' does not start with '${want%\*}'"
    else
      [[ $got == "$want" ]] || fail "stderr line $i: '$got', expected '$want'"
    fi
  done
  # Level 3: Session Present does not exist; the names of another level are refused.
  printf '%s\n' '{"type":"CONNACK","session_present":true}' '{"type":"CONNECT","protocol_name":"MQTT","client_id":"c"}' \
    '{"type":"PUBACK","packet_id":1,"properties":[]}' >v31.jsonl
  expect_status 1 "$inspect" encode --version 3 v31.jsonl >/dev/null 2>err31.txt
  printf '%s\n' 'mqtt5-inspect: line 1: cannot encode CONNACK: session_present_not_in_v31 (' \
    'mqtt5-inspect: line 2: protocol_name: only "MQIsdp" can be encoded at --version 3' \
    'mqtt5-inspect: line 3: properties: MQTT 3.1 (--version 3) has no properties' >want31.txt
  for ((i = 1; i <= 3; ++i)); do
    want=$(sed -n "${i}p" want31.txt)
    got=$(sed -n "${i}p" err31.txt)
    [[ $got == "$want"* ]] || fail "level 3 stderr line $i: '$got', expected '$want...'"
  done
}

# --version on the command line.
case_v311_options() {
  echo c000 >ok.hex
  local v
  for v in 3 4 5; do
    expect_status 0 "$inspect" decode --version $v --hex ok.hex >/dev/null
    expect_status 0 "$inspect" decode --hex --version=$v ok.hex >/dev/null
  done
  local usage
  for usage in "decode --version" "decode --version 6 ok.hex" "decode --version 311 ok.hex" "decode --version=v5 ok.hex" \
               "encode --version 2" "encode --version"; do
    # shellcheck disable=SC2086 # the words are the arguments
    expect_status 2 "$inspect" $usage </dev/null >/dev/null 2>err.txt
    [[ -s err.txt ]] || fail "no message on stderr for: $usage"
  done
  "$inspect" --help >help.txt
  grep -q 'decode \[--version 3|4|5\]' help.txt || fail "--help does not show decode --version"
  grep -q 'encode \[--version 3|4|5\]' help.txt || fail "--help does not show encode --version"
  grep -q 'without `properties`' help.txt || fail "--help does not describe the level 3/4 schema"
}

# ---- session ---------------------------------------------------------------------------------------

# session: the whole JSON output of two conversations, byte for byte (written out and checked by hand):
# format.conv (index counting, labels, invalid_line, invalid_hex, close) and alias_v5.conv (resolved_topic,
# errors of both directions with their reason codes and offsets).
case_session_golden() {
  local name
  for name in format alias_v5; do
    expect_status 1 "$inspect" session "$data/session_own/$name.conv" >"$name.jsonl"
    same_file "$data/session_own/$name.jsonl" "$name.jsonl" "session $name.conv"
  done
  # --hex changes nothing; - and no FILE read standard input.
  expect_status 1 "$inspect" session --hex - <"$data/session_own/alias_v5.conv" >stdin.jsonl
  same_file "$data/session_own/alias_v5.jsonl" stdin.jsonl "session --hex - <alias_v5.conv"
  expect_status 1 "$inspect" session <"$data/session_own/alias_v5.conv" >stdin2.jsonl
  same_file "$data/session_own/alias_v5.jsonl" stdin2.jsonl "session <alias_v5.conv"
}

# session: exit status 0 (every packet accepted, or no packet line at all), 2 (usage, unreadable FILE), and
# the usage text.
case_session_usage() {
  expect_status 0 "$inspect" session "$data/session_own/resume_v5.conv" >resume.jsonl
  [[ $(wc -l <resume.jsonl) -eq 16 ]] || fail "resume_v5.conv: $(wc -l <resume.jsonl) output lines, expected 16"
  printf '# only a comment\n\nclose\n' >empty.conv
  expect_status 0 "$inspect" session empty.conv >empty.jsonl
  [[ -s empty.jsonl ]] && fail "no packet line, yet output: $(head -c 200 empty.jsonl)"
  local usage
  for usage in "session --version 4" "session --stream" "session a b" "session /nonexistent/file.conv" \
               "session --role client"; do
    # shellcheck disable=SC2086 # the words are the arguments
    expect_status 2 "$inspect" $usage </dev/null >out.txt 2>err.txt
    [[ -s err.txt ]] || fail "no message on stderr for: $usage"
    [[ -s out.txt ]] && fail "output on stdout for: $usage"
  done
  "$inspect" --help >help.txt
  grep -q 'session \[--hex\] \[FILE|-\]' help.txt || fail "--help does not show session"
  grep -q '"direction":D' help.txt || fail "--help does not describe the session output"
  grep -q 'invalid_line' help.txt || fail "--help does not describe invalid_line"
  expect_status 0 "$inspect" session --help >help2.txt
  same_file help.txt help2.txt "session --help"
}

if ! declare -F "case_$case_name" >/dev/null; then
  echo "unknown case: $case_name" >&2
  exit 2
fi
"case_$case_name"
if ((failures)); then
  echo "$case_name: $failures check(s) failed"
  exit 1
fi
echo "$case_name: passed"
