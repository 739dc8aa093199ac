#include "protocol/frame_decoder.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cc::protocol {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with_content_length(std::string_view s) {
  static constexpr std::string_view kName = "content-length";
  if (s.size() < kName.size()) return false;
  for (std::size_t i = 0; i < kName.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != kName[i]) return false;
  return true;
}

}  // namespace

void FrameDecoder::reset_headers() {
  content_length_ = -1;
  bad_charset_ = false;
  charset_.clear();
  header_lines_ = 0;
  saw_any_header_ = false;
}

void FrameDecoder::enter_resync(std::string reason, std::vector<FrameEvent>& out) {
  out.push_back({FrameEvent::Kind::Error, std::move(reason)});
  reset_headers();
  state_ = State::Resync;
}

// Returns false when the line is malformed (the caller resyncs).
bool FrameDecoder::parse_header_line(std::string_view line, std::vector<FrameEvent>& out) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    enter_resync("malformed header line (expected 'Name: value')", out);
    return false;
  }
  for (char c : line)
    if (static_cast<unsigned char>(c) >= 0x80 || (c < 0x20 && c != '\t')) {
      enter_resync("header contains non-ASCII or control bytes", out);
      return false;
    }
  std::string name = lower(trim(line.substr(0, colon)));
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos)) {
      enter_resync("malformed header name '" + std::string(line.substr(0, std::min<std::size_t>(colon, 40))) + "'", out);
      return false;
    }
  std::string_view value = trim(line.substr(colon + 1));
  saw_any_header_ = true;
  if (name == "content-length") {
    long long n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty() || n < 0) {
      enter_resync("invalid Content-Length '" + std::string(value) + "'", out);
      return false;
    }
    if (content_length_ >= 0 && content_length_ != n)
      out.push_back({FrameEvent::Kind::Error, "duplicate Content-Length header; using the last one"});
    content_length_ = n;
  } else if (name == "content-type") {
    // e.g. application/vscode-jsonrpc; charset=utf-8. Only UTF-8 (alias utf8) is allowed.
    std::string v = lower(value);
    auto pos = v.find("charset=");
    if (pos != std::string::npos) {
      std::string cs(trim(std::string_view(v).substr(pos + 8)));
      if (auto semi = cs.find(';'); semi != std::string::npos) cs.resize(semi);
      cs.erase(std::remove(cs.begin(), cs.end(), '"'), cs.end());
      if (cs != "utf-8" && cs != "utf8") {
        bad_charset_ = true;
        charset_ = cs;
      }
    }
  }
  // Unknown headers are ignored.
  return true;
}

bool FrameDecoder::finish_header_block(std::vector<FrameEvent>& out) {
  if (content_length_ < 0) {
    enter_resync("header block without Content-Length", out);
    return false;
  }
  if (content_length_ == 0) {
    out.push_back({FrameEvent::Kind::Error, "Content-Length is zero"});
    reset_headers();
    return true;
  }
  if (static_cast<std::size_t>(content_length_) > limits_.max_content_length) {
    enter_resync("Content-Length " + std::to_string(content_length_) + " exceeds the limit of " +
                     std::to_string(limits_.max_content_length) + " bytes",
                 out);
    return false;
  }
  if (bad_charset_) {
    out.push_back({FrameEvent::Kind::Error, "unsupported charset '" + charset_ + "' (only utf-8 is supported)"});
    skip_remaining_ = static_cast<std::size_t>(content_length_);
    state_ = State::SkipBody;
    return true;
  }
  state_ = State::Body;
  return true;
}

void FrameDecoder::feed(std::string_view chunk, std::vector<FrameEvent>& out) {
  buffer_.append(chunk.data(), chunk.size());
  for (;;) {
    std::string_view avail(buffer_.data() + pos_, buffer_.size() - pos_);
    if (avail.empty()) break;
    if (state_ == State::Body) {
      auto need = static_cast<std::size_t>(content_length_);
      if (avail.size() < need) break;
      out.push_back({FrameEvent::Kind::Message, std::string(avail.substr(0, need))});
      pos_ += need;
      reset_headers();
      state_ = State::Headers;
      continue;
    }
    if (state_ == State::SkipBody) {
      std::size_t n = std::min(skip_remaining_, avail.size());
      pos_ += n;
      skip_remaining_ -= n;
      if (skip_remaining_ == 0) {
        reset_headers();
        state_ = State::Headers;
      }
      continue;
    }
    if (state_ == State::Resync) {
      // We are lost: drop bytes up to the next "Content-Length:" wherever it stands
      // (a client may glue garbage and the next header together on one line).
      static constexpr std::string_view kNeedle = "content-length:";
      std::size_t found = std::string_view::npos;
      for (std::size_t i = 0; i + kNeedle.size() <= avail.size(); ++i) {
        if (starts_with_content_length(avail.substr(i)) && avail[i + 14] == ':') {
          found = i;
          break;
        }
      }
      if (found == std::string_view::npos) {
        // Keep a tail that may be the start of the needle.
        std::size_t keep = std::min(avail.size(), kNeedle.size() - 1);
        pos_ += avail.size() - keep;
        break;
      }
      pos_ += found;
      state_ = State::Headers;
      continue;
    }
    // Headers: one line at a time. Only the first max_header_line + 1 bytes may hold the
    // end of an acceptable line: the search stays bounded, and a too-long line is rejected
    // whether it arrived whole or in pieces.
    auto nl = avail.substr(0, std::min(avail.size(), limits_.max_header_line + 1)).find('\n');
    if (nl == std::string_view::npos) {
      if (avail.size() <= limits_.max_header_line) break;  // wait for the rest of the line
      pos_ += 1;  // step past this line's start so resync cannot find it again
      enter_resync("header line longer than " + std::to_string(limits_.max_header_line) + " bytes", out);
      continue;  // resync now: the next header may already be in this chunk
    }
    std::string_view line = avail.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t line_begin = pos_;
    pos_ += nl + 1;
    if (line.empty()) {
      if (!saw_any_header_) continue;  // stray blank line between messages: tolerate
      finish_header_block(out);
      continue;
    }
    if (++header_lines_ > limits_.max_header_lines) {
      enter_resync("too many header lines", out);
      continue;
    }
    // A malformed line may have the next real header glued to it: resync from just past
    // its first byte so the scan can still find that header.
    if (!parse_header_line(line, out)) pos_ = line_begin + 1;
  }
  compact();
}

void FrameDecoder::compact() {
  if (pos_ >= buffer_.size()) {
    // After a huge message, give its memory back instead of keeping the capacity forever.
    if (buffer_.capacity() > kRetainedCapacity) std::string().swap(buffer_);
    else buffer_.clear();
    pos_ = 0;
  } else if (pos_ > 4096 && pos_ * 2 > buffer_.size()) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
}

void FrameDecoder::finish(std::vector<FrameEvent>& out) {
  std::size_t pending = buffered();
  if (state_ == State::Body)
    out.push_back({FrameEvent::Kind::Error, "input ended inside a message body (" + std::to_string(pending) + " of " +
                                                std::to_string(content_length_) + " bytes)"});
  else if (state_ == State::Headers && (saw_any_header_ || pending > 0))
    out.push_back({FrameEvent::Kind::Error, "input ended inside a message header"});
  buffer_.clear();
  pos_ = 0;
  reset_headers();
  state_ = State::Headers;
}

std::string encode_frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body.data(), body.size());
  return out;
}

}  // namespace cc::protocol
