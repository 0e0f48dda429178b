#pragma once
// The options a remote accepts: the common ones (read by the wrappers and
// the transfer queue) and those its backend registers (backend.hpp), and the
// checks every configured value goes through (.dvxconfig, git config,
// `remote modify`). Credentials are never options: keys that look like one are
// refused wherever they appear, and no message ever repeats their value.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/remote/backend.hpp"

namespace dvx::remote {

// The options of remotes whose URL has `scheme` ("file", "s3"): the common
// ones (url, jobs, retries, log: the transfer wrappers read them) followed by
// the backend's own. An empty scheme (no URL known yet) gives the options of
// every registered backend; a backend without options (a test fake) has the
// common ones.
std::vector<OptionSpec> option_specs(std::string_view scheme = "");
// The spec of `key` for `scheme` (any backend's when `scheme` is empty), or
// nullopt.
std::optional<OptionSpec> find_option_spec(std::string_view scheme, std::string_view key);
// The backend's label ("directory" for file, "S3" for s3): used in messages.
std::string backend_label(std::string_view scheme);

// A key that names a credential: it contains secret, password, passwd,
// token, credential, session, private-key or access-key/access-key-id
// (any case, '-' or '_').
bool is_credential_key(std::string_view key);
// The sentence that says where credentials belong.
std::string credentials_hint();

// Throws Error(usage) for a credential key (naming the key only) or a key
// that `scheme`'s backend does not know (listing the valid ones).
void check_option_key(std::string_view scheme, const std::string& key);
// Throws Error(usage) when `value` does not fit the key: a URL that is empty,
// of an unsupported scheme, refused by its backend or holding user:password@
// (never repeated in the message), a value not of the option's type, or one
// its spec's check refuses (an integer out of range, sse not AES256 or
// aws:kms, ...). The key must be known for `scheme` (any backend's when
// `scheme` is empty).
void check_option_value(std::string_view scheme, const std::string& key, const std::string& value);

// `url` with any "user:password@" part replaced by "***@", for messages.
std::string redact_url(std::string_view url);

}  // namespace dvx::remote
