// The long-running filter protocol driven by a script: what git would send
// (gitattributes(5), "Long Running Filter Process") is written as pkt-lines
// into a file, serve_filter_process answers a scripted handler, and the
// answer is compared byte for byte with the exchange the documentation
// spells out. The expected bytes are written out literally (4 hex digits of
// length that count themselves), not produced by PktWriter.
#include "dvx/git/filter_protocol.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dvx/util/error.hpp"

using namespace dvx::git;

namespace {

// One pkt-line as git frames it; "0000" is a flush.
std::string pkt(std::string_view payload) {
  char len[5];
  std::snprintf(len, sizeof len, "%04zx", payload.size() + 4);
  return std::string(len) + std::string(payload);
}
const std::string kFlush = "0000";

struct Seen {
  std::string command, pathname, content;
  bool can_delay = false;
  std::map<std::string, std::string> extra;
};

// Answers from a script: clean upper-cases the content; smudge of a path in
// `delay` is delayed once, then answered with `smudged`; a path named
// "fail-before" fails before writing, "fail-after" after writing "part".
class ScriptedHandler : public FilterHandler {
 public:
  std::vector<Seen> seen;
  std::vector<std::string> errors;
  std::vector<std::string> delay;
  std::vector<std::string> available;
  std::string smudged = "B-DATA";

  FilterOutcome handle(const FilterRequest& r, ContentReader& in, ContentWriter& out) override {
    Seen s{r.command, r.pathname, {}, r.can_delay, r.extra};
    char buf[3];  // small, so content spread over packets is read in pieces
    for (std::size_t n; (n = in.read(buf, sizeof buf)) > 0;) s.content.append(buf, n);
    seen.push_back(s);
    if (r.pathname == "fail-before") dvx::fail(dvx::ErrorKind::not_found, "object abc is missing");
    if (r.pathname == "fail-after") {
      out.write("part");
      dvx::fail(dvx::ErrorKind::corrupt, "object abc is damaged");
    }
    if (r.command == "clean") {
      for (char& c : s.content) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.write(s.content);
      return FilterOutcome::success;
    }
    auto d = std::find(delay.begin(), delay.end(), r.pathname);
    if (d != delay.end() && r.can_delay) {
      delay.erase(d);
      return FilterOutcome::delayed;
    }
    out.write(smudged);
    return FilterOutcome::success;
  }
  std::vector<std::string> list_available_blobs() override { return std::exchange(available, {}); }
  void report_error(const FilterRequest& r, const std::string& message) override {
    errors.push_back(r.pathname + ": " + message);
  }
};

// Feeds `input` to serve_filter_process and returns every byte it wrote.
std::string serve(const std::string& input, FilterHandler& handler) {
  std::FILE* in = std::tmpfile();
  std::FILE* out = std::tmpfile();
  EXPECT_EQ(static_cast<ssize_t>(input.size()), ::write(fileno(in), input.data(), input.size()));
  ::lseek(fileno(in), 0, SEEK_SET);
  auto finish = [&] {
    std::string answer;
    ::lseek(fileno(out), 0, SEEK_SET);
    char buf[4096];
    for (ssize_t n; (n = ::read(fileno(out), buf, sizeof buf)) > 0;) answer.append(buf, n);
    std::fclose(in);
    std::fclose(out);
    return answer;
  };
  try {
    serve_filter_process(fileno(in), fileno(out), handler);
  } catch (...) {
    finish();
    throw;
  }
  return finish();
}

// The error serve_filter_process ends with: "<kind>: <message>".
std::string protocol_error(const std::string& input) {
  ScriptedHandler h;
  try {
    serve(input, h);
  } catch (const dvx::Error& e) {
    return std::string(e.kind() == dvx::ErrorKind::corrupt ? "corrupt" : "other") + ": " + e.what();
  }
  return "<no error>";
}

const std::string kHandshakeIn = pkt("git-filter-client\n") + pkt("version=2\n") + kFlush +
                                 pkt("capability=clean\n") + pkt("capability=smudge\n") +
                                 pkt("capability=delay\n") + kFlush;
// 0x16 = 4 + 18 bytes of "git-filter-server\n", and so on.
const std::string kHandshakeOut =
    "0016git-filter-server\n000eversion=2\n0000"
    "0015capability=clean\n0016capability=smudge\n0015capability=delay\n0000";

// Answers that recur: a status and its flush (0x13 = 4 + 15 bytes of
// "status=success\n"), and the flush ending content followed by an empty trailer.
const std::string kSuccess = "0013status=success\n0000";
const std::string kError = "0011status=error\n0000";
const std::string kEmptyTrailer = "00000000";

}  // namespace

TEST(FilterProtocol, HandshakeCleanDelayedSmudgeAndListAvailable) {
  std::string in = kHandshakeIn;
  // clean, its content in two packets
  in += pkt("command=clean\n") + pkt("pathname=data/a.bin\n") + kFlush + pkt("hel") + pkt("lo") + kFlush;
  // smudge that may be delayed, with the extra keys git sends
  in += pkt("command=smudge\n") + pkt("pathname=data/b.bin\n") + pkt("ref=refs/heads/main\n") +
        pkt("can-delay=1\n") + kFlush + pkt("pointer-b") + kFlush;
  // git asks which delayed blobs are ready, then asks for them again without content
  in += pkt("command=list_available_blobs\n") + kFlush;
  in += pkt("command=smudge\n") + pkt("pathname=data/b.bin\n") + kFlush + kFlush;

  ScriptedHandler h;
  h.delay = {"data/b.bin"};
  h.available = {"data/b.bin"};
  const std::string out = serve(in, h);

  const std::string want = kHandshakeOut +
                           // clean: status, content, empty trailer
                           kSuccess + "0009HELLO" + kEmptyTrailer +
                           // delayed smudge
                           "0013status=delayed\n0000" +
                           // list_available_blobs: the paths, flush, status
                           "0018pathname=data/b.bin\n0000" + kSuccess +
                           // the delayed smudge answered
                           kSuccess + "000aB-DATA" + kEmptyTrailer;
  EXPECT_EQ(want, out);

  ASSERT_EQ(3u, h.seen.size());
  EXPECT_EQ("clean", h.seen[0].command);
  EXPECT_EQ("data/a.bin", h.seen[0].pathname);
  EXPECT_EQ("hello", h.seen[0].content);
  EXPECT_FALSE(h.seen[0].can_delay);
  EXPECT_EQ("smudge", h.seen[1].command);
  EXPECT_EQ("pointer-b", h.seen[1].content);
  EXPECT_TRUE(h.seen[1].can_delay);
  EXPECT_EQ((std::map<std::string, std::string>{{"ref", "refs/heads/main"}}), h.seen[1].extra);
  EXPECT_EQ("data/b.bin", h.seen[2].pathname);
  EXPECT_EQ("", h.seen[2].content);
  EXPECT_FALSE(h.seen[2].can_delay);
  EXPECT_TRUE(h.errors.empty());
}

TEST(FilterProtocol, ErrorsAnswerThatPathOnlyAndTheProcessGoesOn) {
  std::string in = kHandshakeIn;
  in += pkt("command=smudge\n") + pkt("pathname=fail-before\n") + kFlush + pkt("x") + kFlush;
  in += pkt("command=smudge\n") + pkt("pathname=fail-after\n") + kFlush + pkt("y") + kFlush;
  in += pkt("command=rot13\n") + pkt("pathname=c\n") + kFlush + pkt("zz") + kFlush;
  in += pkt("command=clean\n") + pkt("pathname=d\n") + kFlush + kFlush;  // empty file
  ScriptedHandler h;
  const std::string out = serve(in, h);

  const std::string want = kHandshakeOut +
                           // failed before any content: status=error instead of success
                           kError +
                           // failed after content went out: the error is in the trailer
                           kSuccess + "0008part" + "0000" + kError +
                           // a command we do not offer
                           kError +
                           // an empty result is still a success with an empty content
                           kSuccess + kEmptyTrailer;
  EXPECT_EQ(want, out);
  EXPECT_EQ(
      (std::vector<std::string>{"fail-before: object abc is missing", "fail-after: object abc is damaged",
                                "c: unsupported filter command 'rot13'"}),
      h.errors);
  ASSERT_EQ(3u, h.seen.size());  // the unsupported command never reached the handler
  EXPECT_EQ("d", h.seen[2].pathname);
}

TEST(FilterProtocol, CapabilitiesAreOnlyThoseGitOffers) {
  std::string in = pkt("git-filter-client\n") + pkt("version=2\n") + kFlush + pkt("capability=clean\n") +
                   pkt("capability=smudge\n") + kFlush;
  ScriptedHandler h;
  EXPECT_EQ(
      "0016git-filter-server\n000eversion=2\n0000"
      "0015capability=clean\n0016capability=smudge\n0000",
      serve(in, h));
}

TEST(FilterProtocol, AClientWithoutVersion2IsAProtocolError) {
  EXPECT_EQ("corrupt: filter protocol: git does not offer version 2",
            protocol_error(pkt("git-filter-client\n") + pkt("version=1\n") + kFlush));
  EXPECT_EQ("corrupt: filter protocol: expected 'git-filter-client', got 'git-filter-server'",
            protocol_error(pkt("git-filter-server\n")));
}

TEST(FilterProtocol, ContentCutShortIsAProtocolError) {
  // git dies in the middle of a file's content: no answer can be in step any more.
  EXPECT_EQ(
      "corrupt: filter protocol: git closed the pipe mid-content",
      protocol_error(kHandshakeIn + pkt("command=clean\n") + pkt("pathname=a\n") + kFlush + pkt("abc")));
}
