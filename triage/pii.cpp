#include "triage/pii.hpp"

#include <algorithm>
#include <cctype>

namespace tipline::triage {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool alnum(char c) { return digit(c) || alpha(c); }
bool ascii_word_before(std::string_view t, std::size_t i) { return i > 0 && (alnum(t[i - 1]) || t[i - 1] == '_'); }

void add(std::vector<PiiSpan>& out, std::string_view text, const char* type, std::size_t b, std::size_t e) {
  out.push_back(PiiSpan{type, std::string(text.substr(b, e - b)), "", b, e});
}

bool overlaps(const std::vector<PiiSpan>& spans, std::size_t b, std::size_t e) {
  return std::any_of(spans.begin(), spans.end(), [&](const PiiSpan& s) { return b < s.end && s.start < e; });
}

// 0912345678, 0912 345 678, 0912.345.678, 0912-345-678, +84 912 345 678, +84912345678.
void phones(std::string_view t, std::vector<PiiSpan>& out) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (ascii_word_before(t, i) || (i > 0 && (t[i - 1] == '.' || t[i - 1] == '-') && i > 1 && digit(t[i - 2])))
      continue;
    std::size_t j = i, want = 0;
    if (t[i] == '+' && t.substr(i, 3) == "+84") {
      j = i + 3;
      if (j < t.size() && (t[j] == ' ' || t[j] == '.' || t[j] == '-')) ++j;
      want = 9;
    } else if (t[i] == '0') {
      want = 10;
    } else {
      continue;
    }
    std::size_t digits = 0, end = j;
    while (j < t.size()) {
      if (digit(t[j])) {
        ++digits;
        ++j;
        end = j;
        if (digits == want + (t[i] == '0' && t.size() > i + 1 && t[i + 1] == '2' ? 1 : 0)) break;
      } else if ((t[j] == ' ' || t[j] == '.' || t[j] == '-') && j + 1 < t.size() && digit(t[j + 1]) && digits > 0) {
        ++j;
      } else {
        break;
      }
    }
    std::size_t need = want + (t[i] == '0' && t.size() > i + 1 && t[i + 1] == '2' ? 1 : 0);
    if (digits != need || (end < t.size() && alnum(t[end]))) continue;
    // A digit right after a separator would mean a longer number.
    if (end + 1 < t.size() && (t[end] == '.' || t[end] == '-') && digit(t[end + 1])) continue;
    add(out, t, "phone", i, end);
    i = end;
  }
}

void id_numbers(std::string_view t, std::vector<PiiSpan>& out) {
  for (std::size_t i = 0; i < t.size();) {
    if (!digit(t[i]) || ascii_word_before(t, i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && digit(t[j])) ++j;
    if (j - i == 12 && (j == t.size() || !alnum(t[j]))) add(out, t, "id_number", i, j);
    i = j;
  }
}

// 47C-186.09, 81B1-567.23, 51G-472.18, 81C 209.58, 29A-12345.
void plates(std::string_view t, std::vector<PiiSpan>& out) {
  for (std::size_t i = 0; i + 6 < t.size(); ++i) {
    if (ascii_word_before(t, i) || !digit(t[i]) || !digit(t[i + 1]) || !alpha(t[i + 2])) continue;
    std::size_t j = i + 3;
    if (j < t.size() && alnum(t[j]) && !(t[j + 0] == '-')) ++j;
    if (j >= t.size() || (t[j] != '-' && t[j] != ' ' && t[j] != '.')) continue;
    ++j;
    std::size_t k = j, digits = 0;
    while (k < t.size() && digit(t[k])) ++k, ++digits;
    std::size_t end = 0;
    if (digits == 3 && k + 2 < t.size() + 0 && t[k] == '.' && digit(t[k + 1]) && digit(t[k + 2])) {
      end = k + 3;
    } else if (digits == 4 || digits == 5) {
      end = k;
    }
    if (!end || (end < t.size() && alnum(t[end]))) continue;
    add(out, t, "plate", i, end);
    i = end;
  }
}

bool email_char(char c) { return alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

void emails(std::string_view t, std::vector<PiiSpan>& out) {
  for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && email_char(t[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < t.size() && (alnum(t[e]) || t[e] == '.' || t[e] == '-')) ++e;
    while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
    while (b < at && (t[b] == '.')) ++b;
    auto domain = t.substr(at + 1, e - at - 1);
    if (b == at || domain.find('.') == std::string_view::npos || !alpha(domain.back())) continue;
    add(out, t, "email", b, e);
  }
}

bool url_char(char c) { return alnum(c) || c == '.' || c == '_' || c == '/' || c == '-' || c == '@' || c == '?' || c == '=' || c == '%'; }

void links(std::string_view t, std::vector<PiiSpan>& out) {
  static constexpr std::string_view kHosts[] = {"facebook.com/", "fb.com/", "fb.me/", "tiktok.com/",
                                                "zalo.me/", "t.me/", "instagram.com/", "youtube.com/",
                                                "telegram.me/", "twitter.com/", "x.com/"};
  std::string lower(t);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto host : kHosts) {
    for (std::size_t p = lower.find(host); p != std::string::npos; p = lower.find(host, p + 1)) {
      if (p > 0 && (alnum(lower[p - 1]) || lower[p - 1] == '_') && host != "x.com/" && host != "t.me/") {
        // "m.facebook.com" and "www." prefixes are fine; a letter glued to the host is not a link.
      }
      std::size_t b = p;
      while (b > 0 && (url_char(t[b - 1]) || t[b - 1] == ':')) --b;
      std::size_t e = p + host.size();
      while (e < t.size() && url_char(t[e])) ++e;
      while (e > p + host.size() && (t[e - 1] == '.' || t[e - 1] == '/' || t[e - 1] == '-' || t[e - 1] == '?')) --e;
      if (e == p + host.size() || overlaps(out, b, e)) continue;
      add(out, t, "social_link", b, e);
    }
  }
  // Bare handles: "@nuocvui_gialai". An '@' inside an email is not one.
  for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    if (at > 0 && (email_char(t[at - 1]))) continue;
    std::size_t e = at + 1;
    while (e < t.size() && (alnum(t[e]) || t[e] == '_' || t[e] == '.')) ++e;
    while (e > at + 1 && t[e - 1] == '.') --e;
    if (e - at < 4 || overlaps(out, at, e)) continue;
    add(out, t, "social_link", at, e);
  }
}

bool only_spaces(std::string_view t, std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e; ++i)
    if (t[i] != ' ') return false;
  return b < e;
}

bool in(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

void names(std::string_view t, const std::vector<Token>& tokens, const std::vector<PlaceMention>& places,
           const Rules& rules, std::vector<PiiSpan>& out) {
  auto in_place = [&](std::size_t tok) {
    return std::any_of(places.begin(), places.end(), [&](const PlaceMention& m) { return tok >= m.begin && tok < m.end; });
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& first = tokens[i];
    if (!first.capitalised || (first.all_upper && first.folded.size() > 1) || !in(rules.family_names, first.folded))
      continue;
    if (i > 0 && in(rules.name_stop_before, tokens[i - 1].folded)) continue;
    std::size_t j = i + 1;
    while (j < tokens.size() && j - i < 4 && tokens[j].capitalised && !tokens[j].numeric &&
           !(tokens[j].all_upper && tokens[j].folded.size() > 1) && only_spaces(t, tokens[j - 1].end, tokens[j].start))
      ++j;
    if (j - i < 2) continue;
    bool place = false;
    std::string folded;
    for (std::size_t k = i; k < j; ++k) {
      place = place || in_place(k);
      if (!folded.empty()) folded += ' ';
      folded += tokens[k].folded;
    }
    if (place || in(rules.not_names, folded)) continue;
    add(out, t, "person_name", tokens[i].start, tokens[j - 1].end);
    i = j - 1;
  }
}

// "số 19 đường Trần Phú", "so 27 hem 12 le loi", "nhà số 88 Trần Phú": a house number and a street.
void addresses(std::string_view t, const std::vector<Token>& tokens, const std::vector<PlaceMention>& places,
               const std::vector<Landmark>& landmarks, std::vector<PiiSpan>& out) {
  auto mention_at = [&](std::size_t tok) -> const PlaceMention* {
    for (const auto& m : places)
      if (m.begin == tok && (m.kind == PlaceMention::Kind::street ||
                             (m.kind == PlaceMention::Kind::landmark &&
                              (fold(landmarks[m.index].name).rfind("duong ", 0) == 0 ||
                               fold(landmarks[m.index].name).rfind("hem ", 0) == 0))))
        return &m;
    return nullptr;
  };
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    const auto& w = tokens[i].folded;
    if (!(w == "so" || w == "nha") || !std::isdigit(static_cast<unsigned char>(tokens[i + 1].folded[0]))) continue;
    std::size_t j = i + 2;
    if (j + 1 < tokens.size() && (tokens[j].folded == "hem" || tokens[j].folded == "ngo" || tokens[j].folded == "kiet" ||
                                  tokens[j].folded == "hxh") &&
        tokens[j + 1].numeric && !mention_at(j))
      j += 2;
    std::size_t end = 0;
    if (const PlaceMention* m = mention_at(j)) {
      end = tokens[m->end - 1].end;
    } else if (j < tokens.size() && (tokens[j].folded == "duong" || tokens[j].folded == "d")) {
      if (const PlaceMention* m2 = mention_at(j + 1)) {
        end = tokens[m2->end - 1].end;
      } else {
        std::size_t k = j + 1;
        while (k < tokens.size() && k - j <= 4 && tokens[k].capitalised && only_spaces(t, tokens[k - 1].end, tokens[k].start)) ++k;
        if (k > j + 1) end = tokens[k - 1].end;
      }
    }
    if (!end) continue;
    add(out, t, "address", tokens[i].folded == "nha" ? tokens[i].start : tokens[i].start, end);
  }
}

}  // namespace

std::vector<PiiSpan> find_pii(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<PlaceMention>& places, const std::vector<Landmark>& landmarks,
                              const Rules& rules) {
  std::vector<PiiSpan> out;
  emails(text, out);
  links(text, out);
  std::vector<PiiSpan> digits;
  phones(text, digits);
  id_numbers(text, digits);
  plates(text, digits);
  for (auto& s : digits)
    if (!overlaps(out, s.start, s.end)) out.push_back(std::move(s));
  names(text, tokens, places, rules, out);
  addresses(text, tokens, places, landmarks, out);
  std::sort(out.begin(), out.end(), [](const PiiSpan& a, const PiiSpan& b) { return a.start < b.start; });
  return out;
}

}  // namespace tipline::triage
