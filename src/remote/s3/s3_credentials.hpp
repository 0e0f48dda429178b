#pragma once
// Where AWS credentials and the region come from. Never from the
// repository: the environment, then the user's ~/.aws files.
#include <map>
#include <optional>
#include <string>

#include "remote/s3/s3_sigv4.hpp"

namespace dvx::remote::s3 {

// A reader of the AWS shared INI files: section -> key -> value.
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
IniFile parse_ini(const std::string& text);

// Resolution order (as botocore with an explicit profile):
//  1. the remote's `profile` option, if set: that profile only;
//  2. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
//  3. the profile AWS_PROFILE (else "default") in AWS_SHARED_CREDENTIALS_FILE
//     (~/.aws/credentials, section [name]) and AWS_CONFIG_FILE
//     (~/.aws/config, section [profile name] or [default]).
// Throws Error(permanent) with a message saying where it looked.
Credentials resolve_credentials(const std::string& profile_option);

// The region: the `region` option, else AWS_REGION, AWS_DEFAULT_REGION, the
// profile's `region` in ~/.aws/config, else "us-east-1".
std::string resolve_region(const std::string& region_option, const std::string& profile_option);

}  // namespace dvx::remote::s3
