#include "dvx/core/pointer.hpp"

#include <gtest/gtest.h>

using dvx::core::format_pointer;
using dvx::core::parse_pointer;
using dvx::core::Pointer;

namespace {
const std::string kOid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const std::string kText = "version https://git-lfs.github.com/spec/v1\noid sha256:" + kOid + "\nsize 12345\n";
}  // namespace

TEST(Pointer, FormatIsTheLfsV1Text) {
  // The example pointer of the Git LFS specification.
  EXPECT_EQ(format_pointer({kOid, 12345}), kText);
}

TEST(Pointer, ParsesItsOwnFormatBack) {
  auto p = parse_pointer(kText);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->oid, kOid);
  EXPECT_EQ(p->size, 12345u);
  EXPECT_EQ(format_pointer(*p), kText);
}

TEST(Pointer, AcceptsZeroAndMaxInt64Sizes) {
  EXPECT_TRUE(parse_pointer(format_pointer({kOid, 0})));
  EXPECT_TRUE(parse_pointer(format_pointer({kOid, 9223372036854775807ull})));
  std::string too_big = "version https://git-lfs.github.com/spec/v1\noid sha256:" + kOid + "\nsize 9223372036854775808\n";
  EXPECT_FALSE(parse_pointer(too_big));
}

TEST(Pointer, AcceptsLegacyVersionUrls) {
  for (std::string version : {"https://hawser.github.com/spec/v1", "http://git-media.io/v/2"}) {
    auto p = parse_pointer("version " + version + "\noid sha256:" + kOid + "\nsize 1\n");
    EXPECT_TRUE(p) << version;
  }
}

struct Rejected {
  const char* why;
  std::string text;
};

class PointerRejects : public testing::TestWithParam<Rejected> {};

TEST_P(PointerRejects, NotAPointer) { EXPECT_FALSE(parse_pointer(GetParam().text)) << GetParam().why; }

const std::string V = "version https://git-lfs.github.com/spec/v1\n";
INSTANTIATE_TEST_SUITE_P(
    StrictRules, PointerRejects,
    testing::Values(Rejected{"empty", ""}, Rejected{"no trailing LF", V + "oid sha256:" + kOid + "\nsize 1"},
                    Rejected{"CRLF", "version https://git-lfs.github.com/spec/v1\r\noid sha256:" + kOid + "\r\nsize 1\r\n"},
                    Rejected{"short oid", V + "oid sha256:" + kOid.substr(1) + "\nsize 1\n"},
                    Rejected{"long oid", V + "oid sha256:" + kOid + "0\nsize 1\n"},
                    Rejected{"upper-case oid", V + "oid sha256:4D7A214614AB2935C943F9E0FF69D22EADBB8F32B1258DAAA5E2CA24D17E2393\nsize 1\n"},
                    Rejected{"other hash", V + "oid sha1:" + kOid + "\nsize 1\n"},
                    Rejected{"negative size", V + "oid sha256:" + kOid + "\nsize -1\n"},
                    Rejected{"leading zero", V + "oid sha256:" + kOid + "\nsize 01\n"},
                    Rejected{"plus sign", V + "oid sha256:" + kOid + "\nsize +1\n"},
                    Rejected{"size not a number", V + "oid sha256:" + kOid + "\nsize 1x\n"},
                    Rejected{"wrong order", V + "size 1\noid sha256:" + kOid + "\n"},
                    Rejected{"version not first", "oid sha256:" + kOid + "\n" + V + "size 1\n"},
                    Rejected{"unknown version", "version https://git-lfs.github.com/spec/v2\noid sha256:" + kOid + "\nsize 1\n"},
                    Rejected{"unknown key", V + "oid sha256:" + kOid + "\nsize 1\nzzz 1\n"},
                    Rejected{"extension lines", V + "ext-0-foo sha256:" + kOid + "\noid sha256:" + kOid + "\nsize 1\n"},
                    Rejected{"upper-case key", V + "OID sha256:" + kOid + "\nsize 1\n"},
                    Rejected{"two spaces", V + "oid  sha256:" + kOid + "\nsize 1\n"},
                    Rejected{"missing size", V + "oid sha256:" + kOid + "\n"},
                    Rejected{"blank line", V + "\noid sha256:" + kOid + "\nsize 1\n"},
                    Rejected{"1024 bytes", V + "oid sha256:" + kOid + "\nsize 1\n" + std::string(1024, 'x')}));

TEST(Pointer, NothingOf1024BytesOrMoreIsAPointer) {
  // A pointer padded past the limit with a valid-looking (sorted) key.
  std::string text = format_pointer({kOid, 1});
  text += "zz " + std::string(1024 - text.size() - 4, 'a') + "\n";
  ASSERT_EQ(text.size(), 1024u);
  EXPECT_FALSE(parse_pointer(text));
}

TEST(Pointer, OidValidation) {
  EXPECT_TRUE(dvx::core::is_valid_oid(kOid));
  EXPECT_FALSE(dvx::core::is_valid_oid(kOid.substr(0, 63) + "g"));
  EXPECT_FALSE(dvx::core::is_valid_oid(""));
}
