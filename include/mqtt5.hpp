/// \file
/// mqtt5: a header-only, allocation-free MQTT v5 (and 3.1.1, 3.1) codec. Include this one header for all of it.
#pragma once

#include "mqtt5/bytes.hpp"
#include "mqtt5/codec.hpp"
#include "mqtt5/connack_return_code.hpp"
#include "mqtt5/error.hpp"
#include "mqtt5/options.hpp"
#include "mqtt5/packet_type.hpp"
#include "mqtt5/properties.hpp"
#include "mqtt5/property_table.hpp"
#include "mqtt5/protocol_selection.hpp"
#include "mqtt5/reason_code.hpp"
#include "mqtt5/session/connection.hpp"
#include "mqtt5/stream.hpp"
#include "mqtt5/topic.hpp"
#include "mqtt5/version.hpp"
