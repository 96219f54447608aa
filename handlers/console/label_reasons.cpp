#include "handlers/console/label_reasons.hpp"

#include "handlers/console/text.hpp"
#include "handlers/tips/message_body.hpp"

namespace tipline::handlers {

namespace {

// A word of the catalogue when it has one, else `fallback`.
std::string word_or(const Signed& who, const std::string& key, const std::string& fallback) {
  const auto* text = console_catalogue().find(key, domain::stored_name(who.lang));
  return text ? *text : fallback;
}

// A label's name: a category or priority in the officer's words, else as given.
std::string label_name(const Signed& who, std::string_view label) {
  if (const auto c = domain::parse<domain::Category>(label)) return label_for(who, *c);
  if (const auto p = domain::parse<domain::Priority>(label)) return label_for(who, *p);
  return std::string(label);
}

std::string quoted(const std::string& text) { return "«" + text + "»"; }

std::string reason_text(const Signed& who, const triage::Reason& reason) {
  switch (reason.kind) {
    case 'w':
    case 'b':
    case 'm':
      return quoted(reason.key);
    case 's': {
      const auto name = reason.key.rfind("len", 0) == 0 ? std::string("len") : reason.key;
      return word_or(who, "why.shape." + name, reason.key);
    }
    default:
      break;
  }
  // Named cues: "class:NAME" (a term class, or "=phrase" for a phrase of the rules),
  // "cue:TARGET" and "rule:LABEL".
  const auto colon = reason.key.find(':');
  const std::string kind = reason.key.substr(0, colon);
  const std::string name = colon == std::string::npos ? reason.key : reason.key.substr(colon + 1);
  if (kind == "class" && !name.empty() && name[0] == '=') return quoted(name.substr(1));
  if (kind == "class") return word_or(who, "why.class." + name, name);
  if (kind == "cue") return word_or(who, "why.cue." + name, name);
  if (kind == "rule") return who.text("why.rule") + " " + label_name(who, name);
  return reason.key;
}

}  // namespace

std::vector<TipView::Why> label_reasons(const triage::Engine& engine, const Signed& who,
                                        const storage::StoredTip& tip) {
  if (!engine.learned()) return {};
  std::vector<std::string> bodies;
  for (const auto& m : tip.messages)
    if (m.author == domain::Author::reporter) bodies.push_back(m.body);
  const std::string text = reporter_text(bodies);
  if (text.empty()) return {};
  std::vector<std::string> stored;
  for (const auto c : tip.labels.categories) stored.emplace_back(domain::stored_name(c));
  stored.emplace_back(domain::stored_name(tip.labels.priority));
  std::vector<TipView::Why> out;
  for (const auto& label : engine.explain(text, tip.created_at)) {
    if (label.reasons.empty() || std::find(stored.begin(), stored.end(), label.label) == stored.end()) continue;
    std::string cues;
    for (const auto& reason : label.reasons) {
      auto said = reason_text(who, reason);
      if (said.empty() || cues.find(said) != std::string::npos) continue;
      cues += (cues.empty() ? "" : ", ") + said;
    }
    out.push_back({label_name(who, label.label), cues});
  }
  return out;
}

}  // namespace tipline::handlers
