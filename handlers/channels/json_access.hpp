#pragma once
// Private to the channel adapters (not part of the library's interface): typed access
// to platform JSON that turns every surprise into PayloadError or an empty value, so
// no nlohmann exception and no unchecked type leaves this library.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels::detail {

// Platform JSON is read with Boost.JSON: every webhook is parsed before its 200, and it
// reads these bodies about 2.5 times faster than nlohmann, which builds the JSON we
// send (bench/webhook_parse_bench; the README's dependencies).
using json = boost::json::value;

// Valid UTF-8, well-formed JSON and a top-level object, or PayloadError whose message
// names only the platform (the body is never quoted).
json parse_object(std::string_view raw_body, std::string_view platform);
// Any JSON value; null when the text is not JSON (a platform's answer may be anything).
json parse_any(std::string_view text);

// The member, or nullptr when it is absent or JSON null.
const json* member(const json& object, std::string_view key);
// As member(), but PayloadError when present with another type.
const json* object_member(const json& object, std::string_view key);
const boost::json::array* array_member(const json& object, std::string_view key);
// True when `value` is the string `text`.
bool is_string(const json* value, std::string_view text);
// "" when absent or null; PayloadError when not a string.
std::string string_member(const json& object, std::string_view key);
// string_member() of an optional object: "" when there is none.
std::string string_member(const json* object, std::string_view key);
// Platform ids arrive as strings, but a number is turned into its decimal digits
// rather than refused; "" when absent or null; PayloadError for other types.
std::string id_member(const json& object, std::string_view key);

// An integer given as a JSON integer, an integral float in range, or a string of
// (at most 19) digits with an optional '-'; nullopt for anything else, including
// overflow. Zalo sends timestamps and sizes as strings, and error codes may follow.
std::optional<std::int64_t> integer_value(const json& value);
// A finite number given as a JSON number or a decimal string.
std::optional<double> number_value(const json& value);

// payload.coordinates.{<latitude_key>, <longitude_key>}, numbers or decimal strings;
// nullopt when absent, unparseable or off the globe (a point the ward cannot use,
// and the sign of a mangled payload).
std::optional<Coordinates> coordinates_member(const json* payload, std::string_view latitude_key,
                                              std::string_view longitude_key);

// Short identifiers (event names, attachment types) that are safe to log and to put
// in a dedupe key: 1..64 of [A-Za-z0-9_.-].
bool is_safe_name(std::string_view text);
// Platform message ids: 1..256 printable ASCII characters, no space.
bool is_usable_id(std::string_view text);

// "body:<hex sha256 of the raw body>:": with the event's index appended, the key of
// an event that carries no message id (retries are byte-identical). Hashed once per
// body, as a Messenger batch may hold a thousand events.
std::string body_key_prefix(std::string_view raw_body);

// The longest prefix of `text` holding at most `max_code_points` code points, never
// splitting a UTF-8 sequence.
std::string_view cut_code_points(std::string_view text, std::size_t max_code_points);

}  // namespace tipline::channels::detail
