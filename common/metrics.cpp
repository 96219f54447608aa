#include "common/metrics.hpp"

#include <algorithm>
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

void Metrics::coarsen(std::chrono::seconds refresh, std::uint64_t round_to) {
  std::lock_guard lock(mutex_);
  refresh_ = refresh;
  round_to_ = std::max<std::uint64_t>(1, round_to);
  published_.reset();
}

std::string Metrics::render() const { return render(std::chrono::steady_clock::now()); }

std::string Metrics::render(std::chrono::steady_clock::time_point now) const {
  std::string out;
  char number[64];
  auto fmt = [&](double v) {
    std::snprintf(number, sizeof number, "%g", v);
    return std::string(number);
  };
  std::lock_guard lock(mutex_);
  const auto store = store_counters_ ? store_counters_() : std::map<std::string, std::uint64_t>{};
  const bool coarse = refresh_.count() > 0 || round_to_ > 1;
  if (!coarse || !published_ || now - published_at_ >= refresh_) {
    Published current{requests_, latency_, tips_, rejected_, {}};
    for (const auto& [name, value] : store)
      if (name.ends_with("_total")) current.store_totals[name] = value;
    published_ = std::move(current);
    published_at_ = now;
  }
  const Published& p = *published_;
  auto count = [this](std::uint64_t n) { return std::to_string(n / round_to_ * round_to_); };
  out += "# HELP tipline_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE tipline_http_requests_total counter\n";
  for (const auto& [key, n] : p.requests)
    out += "tipline_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) +
           "\"} " + count(n) + "\n";
  out += "# HELP tipline_http_request_seconds Time from a complete request to its response.\n";
  out += "# TYPE tipline_http_request_seconds histogram\n";
  for (const auto& [route, h] : p.latency) {
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
      out += "tipline_http_request_seconds_bucket{route=\"" + route + "\",le=\"" + fmt(bucket_bounds[i]) + "\"} " +
             count(h.buckets[i]) + "\n";
    out += "tipline_http_request_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " + count(h.count) + "\n";
    out += "tipline_http_request_seconds_sum{route=\"" + route + "\"} " + fmt(h.sum) + "\n";
    out += "tipline_http_request_seconds_count{route=\"" + route + "\"} " + count(h.count) + "\n";
  }
  out += "# HELP tipline_tips_created_total Tips stored, by channel.\n# TYPE tipline_tips_created_total counter\n";
  for (const auto& [channel, n] : p.tips)
    out += "tipline_tips_created_total{channel=\"" + channel + "\"} " + count(n) + "\n";
  out += "# HELP tipline_rejected_total Submissions refused by anti-abuse checks, by reason.\n";
  out += "# TYPE tipline_rejected_total counter\n";
  for (const auto& [reason, n] : p.rejected)
    out += "tipline_rejected_total{reason=\"" + reason + "\"} " + count(n) + "\n";
  out += "# TYPE tipline_connections_open gauge\ntipline_connections_open " + std::to_string(connections_open.load()) + "\n";
  out += "# TYPE tipline_connections_refused_total counter\ntipline_connections_refused_total " +
         std::to_string(connections_refused.load()) + "\n";
  out += "# TYPE tipline_tls_handshake_failures_total counter\ntipline_tls_handshake_failures_total " +
         std::to_string(tls_handshake_failures.load()) + "\n";
  for (const auto& [name, value] : store) {
    // Totals are counters, published like the visits' (a commit is a tip); anything else
    // (deliveries_waiting) goes up and down and is shown live.
    const bool total = name.ends_with("_total");
    const auto shown = total ? (p.store_totals.count(name) ? count(p.store_totals.at(name)) : count(0))
                             : std::to_string(value);
    out += "# TYPE tipline_store_" + name + (total ? " counter" : " gauge") + "\ntipline_store_" + name + " " + shown +
           "\n";
  }
  return out;
}

}  // namespace tipline
