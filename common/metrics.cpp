#include "common/metrics.hpp"

#include <cstdio>

namespace tipline {

void Metrics::observe_request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
    if (seconds <= bucket_bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::count_tip(domain::Channel channel) {
  std::lock_guard lock(mutex_);
  ++tips_[std::string(domain::stored_name(channel))];
}

void Metrics::count_rejected(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejected_[reason];
}

void Metrics::set_store_counters(std::function<std::map<std::string, std::uint64_t>()> provider) {
  std::lock_guard lock(mutex_);
  store_counters_ = std::move(provider);
}

std::string Metrics::render() const {
  std::string out;
  char number[64];
  auto fmt = [&](double v) {
    std::snprintf(number, sizeof number, "%g", v);
    return std::string(number);
  };
  std::lock_guard lock(mutex_);
  out += "# HELP tipline_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE tipline_http_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out += "tipline_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) +
           "\"} " + std::to_string(count) + "\n";
  out += "# HELP tipline_http_request_seconds Time from a complete request to its response.\n";
  out += "# TYPE tipline_http_request_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
      out += "tipline_http_request_seconds_bucket{route=\"" + route + "\",le=\"" + fmt(bucket_bounds[i]) + "\"} " +
             std::to_string(h.buckets[i]) + "\n";
    out += "tipline_http_request_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += "tipline_http_request_seconds_sum{route=\"" + route + "\"} " + fmt(h.sum) + "\n";
    out += "tipline_http_request_seconds_count{route=\"" + route + "\"} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP tipline_tips_created_total Tips stored, by channel.\n# TYPE tipline_tips_created_total counter\n";
  for (const auto& [channel, count] : tips_)
    out += "tipline_tips_created_total{channel=\"" + channel + "\"} " + std::to_string(count) + "\n";
  out += "# HELP tipline_rejected_total Submissions refused by anti-abuse checks, by reason.\n";
  out += "# TYPE tipline_rejected_total counter\n";
  for (const auto& [reason, count] : rejected_)
    out += "tipline_rejected_total{reason=\"" + reason + "\"} " + std::to_string(count) + "\n";
  out += "# TYPE tipline_connections_open gauge\ntipline_connections_open " + std::to_string(connections_open.load()) + "\n";
  out += "# TYPE tipline_connections_refused_total counter\ntipline_connections_refused_total " +
         std::to_string(connections_refused.load()) + "\n";
  out += "# TYPE tipline_tls_handshake_failures_total counter\ntipline_tls_handshake_failures_total " +
         std::to_string(tls_handshake_failures.load()) + "\n";
  if (store_counters_) {
    for (const auto& [name, value] : store_counters_())
      // Totals are counters; anything else (deliveries_waiting) goes up and down.
      out += "# TYPE tipline_store_" + name + (name.ends_with("_total") ? " counter" : " gauge") +
             "\ntipline_store_" + name + " " + std::to_string(value) + "\n";
  }
  return out;
}

}  // namespace tipline
