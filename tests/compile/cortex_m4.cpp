// Firmware-style translation unit for the Cortex-M4 compile check
// (ctest label cortex-m4): compiled with arm-none-eabi-g++ -std=c++20
// -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -Wall -Wextra
// -Wpedantic -Werror -c. It is only compiled, never linked or run.
//
// Extend mqtt5_probe() to instantiate the codec paths that must work on a
// microcontroller (no heap, no exceptions). Keep it a C-linkage function so
// the code cannot be discarded as unused and shows up in arm-none-eabi-size.
//
// The probe reads a result's value (*size), so the object compiled without
// NDEBUG references __assert_func (MQTT5_ASSERT defaults to assert), and
// cortex_m4.cmake checks that the copy compiled with -DNDEBUG does not.
#include <mqtt5.hpp>

extern "C" int mqtt5_probe(const unsigned char* data, unsigned size);

extern "C" int mqtt5_probe(const unsigned char* data, unsigned size) {
  const auto bytes = std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), size);
  const auto packet = mqtt5::decode<mqtt5::publish>(bytes);
  if (!packet) return -1;
  const auto encoded = mqtt5::encoded_size(*packet);
  return static_cast<int>(*encoded);
}

// The connection layer on firmware: a Client connection with small fixed capacities runs a handshake, a QoS 1
// PUBLISH and its PUBACK, as a device would (the Server's answers are built here, not received from a network).
namespace {
constexpr mqtt5::session_capacity firmware_capacity{4, 8, 4, 128, 4, 128, 128, 32, 16};
mqtt5::client_connection<firmware_capacity> firmware_client;
std::array<std::byte, 32> firmware_props;
}  // namespace

extern "C" int mqtt5_session_probe(unsigned now);

extern "C" int mqtt5_session_probe(unsigned now) {
  firmware_client.open(now);
  mqtt5::connect c{};
  c.client_id = "dev-1";
  c.keep_alive = 60;
  auto props = mqtt5::property_builder<mqtt5::place::connect>{firmware_props}.receive_maximum(4).build();
  if (!props) return -1;
  c.properties = *props;
  if (!firmware_client.send(c, now)) return -2;
  if (!firmware_client.receive(mqtt5::connack{}, 5, now)) return -3;
  mqtt5::publish p{};
  p.topic = "devices/dev-1/telemetry";
  p.qos = mqtt5::qos::at_least_once;
  if (!firmware_client.send(p, now)) return -4;
  const auto r = firmware_client.receive(mqtt5::puback{p.packet_id, mqtt5::reason_code::success, {}, {}}, 4, now);
  if (!r) return -5;
  return firmware_client.poll(now + 60000) == mqtt5::keep_alive_event::send_pingreq ? r->completed_packet_id : -6;
}
