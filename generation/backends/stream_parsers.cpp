#include "generation/backends/stream_parsers.h"

#include <nlohmann/json.hpp>

namespace cc::gen {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuotedBytes = 200;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string quote(std::string_view s) {
  std::string out(s.substr(0, kMaxQuotedBytes));
  if (s.size() > kMaxQuotedBytes) out += "...";
  return out;
}

// Whether arrays and objects in `text` nest deeper than `limit` (strings skipped).
bool nested_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::optional<int> int_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// Message of an "error" value: a string, or an object with "message".
std::optional<std::string> error_of(const json& obj) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find("error");
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    std::string message = string_field(*it, "message");
    if (message.empty()) message = it->dump();
    return message;
  }
  return it->dump();
}

StreamFrame protocol_error(std::string message) {
  StreamFrame f;
  f.kind = StreamFrame::Kind::ProtocolError;
  f.text = std::move(message);
  return f;
}

StreamFrame server_error(std::string message) {
  StreamFrame f;
  f.kind = StreamFrame::Kind::ServerError;
  f.text = std::move(message);
  return f;
}

// Ollama object (streamed line or whole body) → frame.
StreamFrame ollama_frame(const json& obj, NdjsonShape shape) {
  if (auto err = error_of(obj)) return server_error(*err);
  StreamFrame f;
  if (shape == NdjsonShape::Chat) {
    auto msg = obj.find("message");
    if (msg != obj.end() && msg->is_object()) f.text = string_field(*msg, "content");
  } else {
    f.text = string_field(obj, "response");
  }
  f.model = string_field(obj, "model");
  auto done = obj.find("done");
  if (done != obj.end() && done->is_boolean() && done->get<bool>()) {
    f.kind = StreamFrame::Kind::Done;
    f.finish_reason = string_field(obj, "done_reason");
    if (f.finish_reason.empty()) f.finish_reason = "stop";
    f.prompt_tokens = int_field(obj, "prompt_eval_count");
    f.completion_tokens = int_field(obj, "eval_count");
    auto ns = obj.find("eval_duration");
    if (ns != obj.end() && ns->is_number()) f.eval_duration_ms = ns->get<double>() / 1e6;
  }
  return f;
}

// OpenAI chunk or whole response → frame (Delta; finish_reason when present).
StreamFrame openai_frame(const json& obj, SseShape shape) {
  if (auto err = error_of(obj)) return server_error(*err);
  StreamFrame f;
  f.model = string_field(obj, "model");
  auto choices = obj.find("choices");
  if (choices != obj.end() && choices->is_array() && !choices->empty() && (*choices)[0].is_object()) {
    const json& choice = (*choices)[0];
    if (shape == SseShape::Chat) {
      for (const char* key : {"delta", "message"}) {
        auto it = choice.find(key);
        if (it != choice.end() && it->is_object()) f.text += string_field(*it, "content");
      }
    } else {
      f.text = string_field(choice, "text");
    }
    f.finish_reason = string_field(choice, "finish_reason");
  } else if (choices == obj.end() && !obj.contains("usage")) {
    return protocol_error("event without choices: " + quote(obj.dump()));
  }
  auto usage = obj.find("usage");
  if (usage != obj.end() && usage->is_object()) {
    f.prompt_tokens = int_field(*usage, "prompt_tokens");
    f.completion_tokens = int_field(*usage, "completion_tokens");
  }
  return f;
}

}  // namespace

json parse_model_json(std::string_view text) {
  if (nested_deeper_than(text, kMaxModelJsonDepth)) return json(json::value_t::discarded);
  return json::parse(text, nullptr, false);
}

// ---------------------------------------------------------------------------- NDJSON

void NdjsonStreamParser::feed(std::string_view bytes, const FrameSink& sink) {
  while (!bytes.empty()) {
    auto nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      carry_.append(bytes);
      return;
    }
    if (carry_.empty()) {
      line(bytes.substr(0, nl), sink);
    } else {
      carry_.append(bytes.substr(0, nl));
      std::string complete;
      complete.swap(carry_);
      line(complete, sink);
    }
    bytes.remove_prefix(nl + 1);
  }
}

void NdjsonStreamParser::line(std::string_view text, const FrameSink& sink) {
  text = trim(text);
  if (text.empty() || done_ || errored_) return;
  json obj = parse_model_json(text);
  if (obj.is_discarded() || !obj.is_object()) {
    errored_ = true;
    sink(protocol_error("invalid NDJSON line: " + quote(text)));
    return;
  }
  StreamFrame f = ollama_frame(obj, shape_);
  if (f.kind == StreamFrame::Kind::ServerError) errored_ = true;
  if (f.kind == StreamFrame::Kind::Done) done_ = true;
  sink(f);
}

void NdjsonStreamParser::finish(const FrameSink& sink) {
  if (!carry_.empty()) {
    std::string rest;
    rest.swap(carry_);
    line(rest, sink);
  }
  if (!done_ && !errored_) {
    errored_ = true;
    sink(protocol_error("stream ended before the final message (truncated)"));
  }
}

// ---------------------------------------------------------------------------- SSE

void SseStreamParser::feed(std::string_view bytes, const FrameSink& sink) {
  if (bytes.empty()) return;
  if (carry_cr_ && bytes.front() == '\n') bytes.remove_prefix(1);  // CR LF split across chunks
  carry_cr_ = false;
  while (!bytes.empty()) {
    auto end = bytes.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      carry_.append(bytes);
      return;
    }
    if (carry_.empty()) {
      line(bytes.substr(0, end), sink);
    } else {
      carry_.append(bytes.substr(0, end));
      std::string complete;
      complete.swap(carry_);
      line(complete, sink);
    }
    std::size_t skip = 1;
    if (bytes[end] == '\r') {
      if (end + 1 < bytes.size()) {
        if (bytes[end + 1] == '\n') skip = 2;
      } else {
        carry_cr_ = true;  // the '\n' may come in the next chunk
      }
    }
    bytes.remove_prefix(end + skip);
  }
}

void SseStreamParser::line(std::string_view text, const FrameSink& sink) {
  if (done_ || errored_) return;
  if (text.empty()) {
    dispatch(sink);
    return;
  }
  if (text.front() == ':') return;  // comment / keep-alive
  std::string_view field = text;
  std::string_view value;
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    field = text.substr(0, colon);
    value = text.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data" || field == "error") {
    if (field == "error") event_ = "error";  // llama.cpp's server writes "error: {json}"
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
  }
  // id, retry and unknown fields are ignored (per the SSE spec).
}

void SseStreamParser::dispatch(const FrameSink& sink) {
  if (!has_data_) {
    event_.clear();
    return;
  }
  std::string data;
  data.swap(data_);
  has_data_ = false;
  std::string event;
  event.swap(event_);

  std::string_view payload = trim(data);
  if (payload == "[DONE]") {
    done_ = true;
    StreamFrame f;
    f.kind = StreamFrame::Kind::Done;
    sink(f);
    return;
  }
  json obj = parse_model_json(payload);
  if (obj.is_discarded()) {
    errored_ = true;
    if (event == "error") sink(server_error(std::string(payload)));
    else sink(protocol_error("invalid SSE data: " + quote(payload)));
    return;
  }
  if (event == "error" && !error_of(obj)) {
    errored_ = true;
    std::string message = obj.is_object() ? string_field(obj, "message") : std::string();
    sink(server_error(message.empty() ? obj.dump() : message));
    return;
  }
  if (!obj.is_object()) {
    errored_ = true;
    sink(protocol_error("SSE data is not an object: " + quote(payload)));
    return;
  }
  StreamFrame f = openai_frame(obj, shape_);
  if (f.kind == StreamFrame::Kind::ServerError || f.kind == StreamFrame::Kind::ProtocolError) errored_ = true;
  if (!f.finish_reason.empty()) finished_ = true;
  sink(f);
}

void SseStreamParser::finish(const FrameSink& sink) {
  if (!carry_.empty()) {
    std::string rest;
    rest.swap(carry_);
    line(rest, sink);
  }
  carry_cr_ = false;
  if (!done_ && !errored_) dispatch(sink);  // an event without its blank line
  if (done_ || errored_) return;
  if (finished_) {
    // Some servers end after the finish_reason chunk without "data: [DONE]".
    done_ = true;
    StreamFrame f;
    f.kind = StreamFrame::Kind::Done;
    sink(f);
    return;
  }
  errored_ = true;
  sink(protocol_error("stream ended before the final event (truncated)"));
}

// ---------------------------------------------------------------------------- whole bodies

StreamFrame parse_ollama_response(std::string_view body, NdjsonShape shape) {
  json obj = parse_model_json(trim(body));
  if (obj.is_discarded() || !obj.is_object()) return protocol_error("invalid JSON response: " + quote(body));
  StreamFrame f = ollama_frame(obj, shape);
  if (f.kind == StreamFrame::Kind::Delta) return protocol_error("response is not complete (done is not true)");
  return f;
}

StreamFrame parse_openai_response(std::string_view body, SseShape shape) {
  json obj = parse_model_json(trim(body));
  if (obj.is_discarded() || !obj.is_object()) return protocol_error("invalid JSON response: " + quote(body));
  if (!obj.contains("choices") && !error_of(obj)) return protocol_error("response without choices: " + quote(body));
  StreamFrame f = openai_frame(obj, shape);
  if (f.kind == StreamFrame::Kind::Delta) {
    f.kind = StreamFrame::Kind::Done;
    if (f.finish_reason.empty()) f.finish_reason = "stop";
  }
  return f;
}

std::string extract_error_message(std::string_view body) {
  std::string_view text = trim(body);
  json obj = parse_model_json(text);
  if (!obj.is_discarded() && obj.is_object()) {
    if (auto err = error_of(obj)) return *err;
    for (const char* key : {"message", "detail"}) {
      auto it = obj.find(key);
      if (it != obj.end()) return it->is_string() ? it->get<std::string>() : it->dump();
    }
  }
  return quote(text);
}

}  // namespace cc::gen
