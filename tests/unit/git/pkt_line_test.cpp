#include "dvx/git/pkt_line.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "dvx/util/error.hpp"

using namespace dvx::git;

namespace {
// Bytes written by `write` into a pipe, read back whole.
struct PipePair {
  int fd[2];
  PipePair() { EXPECT_EQ(::pipe(fd), 0); }
  ~PipePair() {
    ::close(fd[0]);
    if (fd[1] >= 0) ::close(fd[1]);
  }
  void close_write() { ::close(fd[1]), fd[1] = -1; }
};

std::string written(const std::function<void(PktWriter&)>& write) {
  PipePair p;
  std::string out;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(p.fd[0], buf, sizeof buf)) > 0) out.append(buf, n);
  });
  {
    PktWriter w(p.fd[1]);
    write(w);
  }
  p.close_write();
  reader.join();
  return out;
}

PipePair feed(const std::string& bytes) {
  PipePair p;
  EXPECT_EQ(::write(p.fd[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  p.close_write();
  return p;
}
}  // namespace

TEST(PktLine, WritesLengthPrefixedLinesAndFlush) {
  auto out = written([](PktWriter& w) {
    w.write_line("git-filter-server");
    w.flush_packet();
  });
  EXPECT_EQ(out, "0016git-filter-server\n0000");
}

TEST(PktLine, SplitsLargePayloadsAtTheMaximum) {
  std::string data(kMaxPayload * 2 + 10, 'x');
  auto out = written([&](PktWriter& w) { w.write(data); });
  ASSERT_EQ(out.size(), data.size() + 12);
  EXPECT_EQ(out.substr(0, 4), "fff0");  // 65520: the largest packet
  EXPECT_EQ(out.substr(4 + kMaxPayload, 4), "fff0");
  EXPECT_EQ(out.substr(8 + 2 * kMaxPayload, 4), "000e");
}

TEST(PktLine, NeverWritesAnEmptyPacket) {
  EXPECT_EQ(written([](PktWriter& w) { w.write(""); }), "");
}

TEST(PktLine, ReadsFullSizePayloadsAndFlushes) {
  std::string payload(kMaxPayload, 'y');
  auto p = feed("fff0" + payload + "0000" + "0008abc\n");
  PktReader r(p.fd[0]);
  std::string got;
  EXPECT_EQ(r.read(got), PktReader::Kind::data);
  EXPECT_EQ(got, payload);
  EXPECT_EQ(r.read(got), PktReader::Kind::flush);
  EXPECT_EQ(r.read_line(), std::optional<std::string>("abc"));
  EXPECT_EQ(r.read(got), PktReader::Kind::eof);
}

TEST(PktLine, ReadsKeyValuesUpToFlush) {
  auto p = feed("0013command=smudge\n0011pathname=a b\n0000");
  PktReader r(p.fd[0]);
  auto kv = r.read_key_values();
  ASSERT_EQ(kv.size(), 2u);
  EXPECT_EQ(kv[1], (std::pair<std::string, std::string>{"pathname", "a b"}));
}

TEST(PktLine, RejectsTruncatedAndMalformedInput) {
  for (std::string bad :
       std::vector<std::string>{"00", "0010abc", "zzzz", "0003", "fff1" + std::string(65517, 'a')}) {
    auto p = feed(bad);
    PktReader r(p.fd[0]);
    std::string got;
    EXPECT_THROW(r.read(got), dvx::Error) << bad.substr(0, 8);
  }
}

TEST(PktLine, EofInsideAMessageIsAnError) {
  auto p = feed("0013command=smudge\n");
  PktReader r(p.fd[0]);
  EXPECT_THROW(r.read_key_values(), dvx::Error);
}
