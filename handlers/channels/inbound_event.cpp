#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels {

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::zalo:
      return "zalo";
    case Channel::messenger:
      return "messenger";
  }
  return "unknown";
}

}  // namespace tipline::channels
