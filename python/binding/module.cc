// The `ember._ember` extension module: Python bindings over the public C++ API (ember/api/).
// The pure-Python package `ember.sql` is the user-facing layer; this module only exposes the
// engine's objects and converts values.

#include <pybind11/pybind11.h>

namespace py = pybind11;

PYBIND11_MODULE(_ember, module) {
  module.doc() = "Bindings of Ember's C++ API; use the `ember.sql` package instead.";
  module.attr("__version__") = EMBER_VERSION;
}
