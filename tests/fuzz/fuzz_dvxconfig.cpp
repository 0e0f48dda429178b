// .dvxconfig: arbitrary bytes load as a remote set or give an Error naming
// the file; selecting the default remote then answers or errs cleanly.
#include "dvx/remote/remote_config.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dvx::fuzz::write_input(dvx::remote::kDvxConfigFile, data, size);
  try {
    const auto set = dvx::remote::load_remotes(dvx::fuzz::scratch_dir(), {});
    for (const auto& remote : set.remotes) (void)set.find(remote.config.name);
    (void)dvx::remote::select_remote(set);
  } catch (const dvx::Error&) {
  }
  return 0;
}
