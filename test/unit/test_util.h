#pragma once

// Helpers shared by the unit tests: capturing ember::Error for assertions on its kind and error
// class, and printing error kinds by name.

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "ember/common/error.h"

namespace ember {

/// Prints an ErrorKind by its exception name in assertion failures.
inline void PrintTo(ErrorKind kind, std::ostream* out) {
  *out << ErrorKindName(kind);
}

}  // namespace ember

namespace ember::testing {

/// Runs `fn`, which must throw ember::Error, and returns that error.
template <typename Fn>
Error CaptureError(Fn&& fn) {
  try {
    fn();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an ember::Error to be thrown";
  return Error(ErrorKind::kInternal, "NO_ERROR", "nothing was thrown");
}

using Strings = std::vector<std::string>;

}  // namespace ember::testing
