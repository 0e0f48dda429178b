#include "dvx/git/filter_protocol.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <iostream>

#include "dvx/util/error.hpp"

namespace dvx::git {

std::size_t ContentReader::read(char* buf, std::size_t size) {
  while (!done_ && offset_ == packet_.size()) {
    offset_ = 0;
    broken_ = true;  // until this packet was read whole
    auto kind = pkt_.read(packet_);
    broken_ = false;
    switch (kind) {
      case PktReader::Kind::data: break;
      case PktReader::Kind::flush: done_ = true, packet_.clear(); break;
      case PktReader::Kind::eof:
        broken_ = true;
        fail(ErrorKind::corrupt, "filter protocol: git closed the pipe mid-content");
    }
  }
  std::size_t n = std::min(size, packet_.size() - offset_);
  std::memcpy(buf, packet_.data() + offset_, n);
  offset_ += n;
  return n;
}

void ContentReader::drain() {
  char buf[65536];
  while (read(buf, sizeof buf) > 0) {
  }
}

void ContentWriter::start() {
  if (started_) return;
  started_ = true;
  pkt_.write_line("status=success");
  pkt_.end_packet();  // sent with the content: one write per small file's answer, not four
}

void ContentWriter::write(const char* data, std::size_t size) {
  if (size == 0) return;
  start();
  pkt_.write({data, size});
}

void FilterHandler::report_error(const FilterRequest& request, const std::string& message) {
  std::cerr << "git-dvx: " << request.pathname << ": " << message << std::endl;
}

namespace {

constexpr int kPipeSize = 1 << 20;

void expect_line(PktReader& in, std::string_view want) {
  auto line = in.read_line();
  if (!line || *line != want)
    fail(ErrorKind::corrupt, "filter protocol: expected '{}', got '{}'", want, line.value_or("<flush>"));
}

void handshake(PktReader& in, PktWriter& out) {
  expect_line(in, "git-filter-client");
  bool v2 = false;
  for (auto& [key, value] : in.read_key_values()) v2 = v2 || (key == "version" && value == "2");
  if (!v2) fail(ErrorKind::corrupt, "filter protocol: git does not offer version 2");
  out.write_line("git-filter-server");
  out.write_line("version=2");
  out.flush_packet();
  std::vector<std::string> offered;
  for (auto& [key, value] : in.read_key_values())
    if (key == "capability") offered.push_back(value);
  for (const char* cap : {"clean", "smudge", "delay"})
    if (std::find(offered.begin(), offered.end(), cap) != offered.end()) out.write_line(fmt::format("capability={}", cap));
  out.flush_packet();
}

void answer_list_available(FilterHandler& handler, PktWriter& out) {
  for (const auto& path : handler.list_available_blobs()) out.write_line("pathname=" + path);
  out.flush_packet();
  out.write_line("status=success");
  out.flush_packet();
}

}  // namespace

void serve_filter_process(int in_fd, int out_fd, FilterHandler& handler) {
  // Larger pipes mean fewer context switches while whole files stream
  // through; refused (e.g. above fs.pipe-max-size) is harmless.
  for (int fd : {in_fd, out_fd}) ::fcntl(fd, F_SETPIPE_SZ, kPipeSize);
  PktReader in(in_fd);
  PktWriter out(out_fd);
  handshake(in, out);
  for (;;) {
    FilterRequest request;
    std::string payload;
    // The first packet of a request, or EOF when git is done with us.
    auto kind = in.read(payload);
    if (kind == PktReader::Kind::eof) return;
    std::vector<std::pair<std::string, std::string>> keys;
    if (kind == PktReader::Kind::data) {
      if (!payload.empty() && payload.back() == '\n') payload.pop_back();
      auto eq = payload.find('=');
      if (eq == std::string::npos) fail(ErrorKind::corrupt, "filter protocol: expected key=value, got '{}'", payload);
      keys.emplace_back(payload.substr(0, eq), payload.substr(eq + 1));
      for (auto& kv : in.read_key_values()) keys.push_back(std::move(kv));
    }
    for (auto& [key, value] : keys) {
      if (key == "command") request.command = value;
      else if (key == "pathname") request.pathname = value;
      else if (key == "can-delay") request.can_delay = value == "1";
      else request.extra[key] = value;
    }
    if (request.command == "list_available_blobs") {
      answer_list_available(handler, out);
      continue;
    }
    ContentReader content(in);
    ContentWriter writer(out);
    try {
      if (request.command != "clean" && request.command != "smudge")
        fail(ErrorKind::usage, "unsupported filter command '{}'", request.command);
      FilterOutcome outcome = handler.handle(request, content, writer);
      content.drain();
      if (outcome == FilterOutcome::delayed) {
        out.write_line("status=delayed");
        out.flush_packet();
        continue;
      }
      writer.start();
      out.end_packet();
      out.flush_packet();  // empty trailer: status stays success
    } catch (const Error& e) {
      if (content.broken()) throw;
      content.drain();
      handler.report_error(request, e.what());
      // After content has gone out, the error travels in the trailer.
      if (writer.started()) out.flush_packet();
      out.write_line("status=error");
      out.flush_packet();
    }
  }
}

}  // namespace dvx::git
