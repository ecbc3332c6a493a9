// CAST between all supported types with Spark's rules: ANSI mode raises CAST_INVALID_INPUT and
// CAST_OVERFLOW, otherwise (and for try_cast) the row becomes null, or integers wrap as in Java.

#include <cmath>
#include <limits>
#include <type_traits>

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"
#include "ember/types/text_format.h"

namespace ember::functions {

namespace {

std::string UpperTypeName(const DataType& type) {
  std::string text = type.SimpleString();
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// Renders a value in Spark's error-message form: strings quoted, doubles suffixed with D.
std::string MessageLiteral(const Value& value) {
  switch (value.type().id()) {
    case TypeId::kString:
      return "'" + value.AsString() + "'";
    case TypeId::kDouble:
      return value.ToString() + "D";
    case TypeId::kFloat:
      return value.ToString() + "F";
    case TypeId::kLong:
      return value.ToString() + "L";
    case TypeId::kShort:
      return value.ToString() + "S";
    case TypeId::kByte:
      return value.ToString() + "Y";
    case TypeId::kDecimal:
      return value.ToString() + "BD";
    default:
      return value.ToString();
  }
}

[[noreturn]] void ThrowCastError(const ColumnVector& input, size_t row, const DataType& to) {
  Value value = input.GetValue(row);
  if (input.type().id() == TypeId::kString) {
    Throw(ErrorKind::kExecution, "CAST_INVALID_INPUT", "The value ", MessageLiteral(value),
          " of the type \"STRING\" cannot be cast to \"", UpperTypeName(to),
          "\" because it is malformed. Correct the value as per the syntax, or change its target "
          "type. Use `try_cast` to tolerate malformed input and return NULL instead. If necessary "
          "set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
  }
  if (to.id() == TypeId::kDecimal) {
    Throw(ErrorKind::kExecution, "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", value.ToString(),
          " cannot be represented as Decimal(", to.precision(), ", ", to.scale(),
          "). If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error, "
          "and return NULL instead.");
  }
  Throw(ErrorKind::kExecution, "CAST_OVERFLOW", "The value ", MessageLiteral(value),
        " of the type \"", UpperTypeName(input.type()), "\" cannot be cast to \"",
        UpperTypeName(to),
        "\" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. If "
        "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
}

/// Converts between fixed-width numeric storage types; returns false on overflow unless
/// `kWrap`, in which case it truncates as Java's primitive conversions do.
template <typename To, typename From, bool kWrap>
bool NumericCast(From value, To* out) {
  if constexpr (std::is_same_v<To, bool>) {
    *out = value != From{};
    return true;
  } else if constexpr (std::is_floating_point_v<To>) {
    *out = static_cast<To>(value);
    return true;
  } else if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(value)) {
      *out = 0;
      return kWrap;
    }
    long double truncated = std::trunc(static_cast<long double>(value));
    constexpr long double kMin = static_cast<long double>(std::numeric_limits<To>::min());
    constexpr long double kMax = static_cast<long double>(std::numeric_limits<To>::max());
    if (truncated < kMin || truncated > kMax) {
      if constexpr (sizeof(To) >= 4) {
        *out = truncated < kMin ? std::numeric_limits<To>::min() : std::numeric_limits<To>::max();
      } else {
        // Java narrows double -> int first (saturating), then wraps to byte/short.
        long double clamped = std::clamp(truncated, -2147483648.0L, 2147483647.0L);
        *out = static_cast<To>(static_cast<int32_t>(clamped));
      }
      return kWrap;
    }
    *out = static_cast<To>(truncated);
    return true;
  } else {
    if (value < static_cast<From>(std::numeric_limits<To>::min()) && std::is_signed_v<From> &&
        sizeof(From) > sizeof(To)) {
      *out = static_cast<To>(value);
      return kWrap;
    }
    if (sizeof(From) > sizeof(To) && value > static_cast<From>(std::numeric_limits<To>::max())) {
      *out = static_cast<To>(value);
      return kWrap;
    }
    *out = static_cast<To>(value);
    return true;
  }
}

/// Runs `convert(row, To* out) -> bool` per valid row; on false: error (ANSI) or null.
template <typename To, typename Convert>
ColumnVectorPtr CastRows(const ColumnVectorPtr& input, size_t rows, const DataType& to, bool raise,
                         Convert convert) {
  return kernels::FixedResult<To>({input}, rows, to, [&](size_t i, To* out) {
    if (convert(i, out)) return true;
    if (raise) ThrowCastError(*input, i, to);
    return false;
  });
}

std::string CastToString(const ColumnVector& input, size_t row) {
  const DataType& type = input.type();
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      return std::string(input.StringAt(row));
    default:
      return input.GetValue(row).ToString();
  }
}

/// Parses text into a fixed-width value of `to`; returns false if malformed or out of range.
/// `allow_fraction` lets integral targets accept and truncate "1.9" (Spark without ANSI).
template <typename To>
bool ParseInto(std::string_view text, const DataType& to, bool allow_fraction, To* out) {
  if constexpr (std::is_same_v<To, bool>) {
    auto parsed = ParseBoolean(text);
    if (!parsed) return false;
    *out = *parsed;
    return true;
  } else if constexpr (std::is_same_v<To, int128_t>) {
    auto parsed = ParseDecimal(text, to);
    if (!parsed) return false;
    *out = *parsed;
    return true;
  } else if constexpr (std::is_floating_point_v<To>) {
    auto parsed = ParseDouble(text);
    if (!parsed) return false;
    *out = static_cast<To>(*parsed);
    return true;
  } else {
    if (to.id() == TypeId::kDate) {
      auto parsed = ParseDate(text);
      if (!parsed) return false;
      *out = static_cast<To>(*parsed);
      return true;
    }
    if (to.id() == TypeId::kTimestamp) {
      auto parsed = ParseTimestamp(text);
      if (!parsed) return false;
      *out = static_cast<To>(*parsed);
      return true;
    }
    auto parsed = ParseInteger(text);
    if (!parsed && allow_fraction) {
      // Spark accepts "1.9" for integral casts and truncates the fraction.
      std::string_view trimmed = TrimSpaces(text);
      auto point = trimmed.find('.');
      if (point == std::string_view::npos) return false;
      std::string_view fraction = trimmed.substr(point + 1);
      for (char c : fraction) {
        if (c < '0' || c > '9') return false;
      }
      std::string_view integral = trimmed.substr(0, point);
      if (integral.empty() || integral == "-" || integral == "+") {
        if (fraction.empty()) return false;
        integral = "0";
      }
      parsed = ParseInteger(integral);
    }
    if (!parsed) return false;
    return NumericCast<To, int64_t, false>(*parsed, out);
  }
}

bool IsCastAllowed(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull || to.id() == TypeId::kString) return true;
  if (from.id() == TypeId::kString) return to.id() != TypeId::kNull;
  if (to.id() == TypeId::kBinary) return from.IsIntegral() || from.id() == TypeId::kString;
  if (from.id() == TypeId::kBinary) return false;
  bool from_number = from.IsNumeric() || from.id() == TypeId::kBoolean;
  bool to_number = to.IsNumeric() || to.id() == TypeId::kBoolean;
  if (from_number && to_number) return true;
  if (from.id() == TypeId::kDate) return to.id() == TypeId::kTimestamp;
  if (from.id() == TypeId::kTimestamp) return to.id() == TypeId::kDate || to_number;
  if (to.id() == TypeId::kTimestamp) return from_number;
  return false;
}

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

ScalarKernel BindCast(DataType from, DataType to, bool try_cast) {
  if (!IsCastAllowed(from, to)) {
    Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
          "Cannot resolve CAST due to data type mismatch: cannot cast \"", from.SimpleString(),
          "\" to \"", to.SimpleString(), "\".");
  }
  return [from, to, try_cast](const EvalContext& context, const std::vector<ColumnVectorPtr>& args,
                              size_t rows) -> ColumnVectorPtr {
    const ColumnVectorPtr& input = args[0];
    bool raise = context.ansi && !try_cast;
    if (from.id() == TypeId::kNull) return ColumnVector::MakeNulls(to, rows);
    if (to.IsStringLike()) {
      return kernels::StringResult({input}, rows, to, [&](size_t i, std::string& out) {
        out = CastToString(*input, i);
        return true;
      });
    }
    if (from.id() == TypeId::kString) {
      return DispatchFixedWidth(to, [&]<typename To>() {
        return CastRows<To>(input, rows, to, raise, [&](size_t i, To* out) {
          // ANSI reads integers with UTF8String.toIntExact, which rejects a fraction.
          return ParseInto<To>(input->StringAt(i), to, /*allow_fraction=*/!raise, out);
        });
      });
    }
    if (from.id() == TypeId::kDate && to.id() == TypeId::kTimestamp) {
      return CastRows<int64_t>(input, rows, to, raise, [&](size_t i, int64_t* out) {
        *out = int64_t{input->ValueAt<int32_t>(i)} * kMicrosPerDay;
        return true;
      });
    }
    if (from.id() == TypeId::kTimestamp && to.id() == TypeId::kDate) {
      return CastRows<int32_t>(input, rows, to, raise, [&](size_t i, int32_t* out) {
        int64_t micros = input->ValueAt<int64_t>(i);
        int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
        *out = static_cast<int32_t>(days);
        return true;
      });
    }
    if (to.id() == TypeId::kTimestamp) {  // numeric seconds since the epoch
      return CastRows<int64_t>(input, rows, to, raise, [&](size_t i, int64_t* out) {
        double seconds = input->GetValue(i).AsDouble();
        double micros = std::floor(seconds * 1e6);
        if (!(micros >= -9.2e18 && micros <= 9.2e18)) return false;
        *out = static_cast<int64_t>(micros);
        return true;
      });
    }
    if (from.id() == TypeId::kTimestamp) {  // to numeric: seconds since the epoch
      return DispatchFixedWidth(to, [&]<typename To>() {
        return CastRows<To>(input, rows, to, raise, [&](size_t i, To* out) {
          int64_t micros = input->ValueAt<int64_t>(i);
          if constexpr (std::is_floating_point_v<To>) {
            *out = static_cast<To>(static_cast<double>(micros) / 1e6);
            return true;
          } else if constexpr (std::is_same_v<To, int128_t>) {
            *out = RescaleDecimal(micros, 6, to.scale());
            return DecimalFits(*out, to.precision());
          } else {
            int64_t seconds = micros / 1'000'000 - (micros % 1'000'000 < 0 ? 1 : 0);
            return NumericCast<To, int64_t, false>(seconds, out);
          }
        });
      });
    }
    if (to.id() == TypeId::kDecimal) {
      return CastRows<int128_t>(input, rows, to, raise, [&](size_t i, int128_t* out) {
        if (from.id() == TypeId::kDecimal) {
          *out = RescaleDecimal(input->ValueAt<int128_t>(i), from.scale(), to.scale());
          return DecimalFits(*out, to.precision());
        }
        if (from.IsFloating()) {
          double value = input->GetValue(i).AsDouble();
          if (!std::isfinite(value)) return false;
          auto parsed = ParseDecimal(FormatDouble(value), to);
          if (!parsed) return false;
          *out = *parsed;
          return true;
        }
        int64_t value = input->GetValue(i).AsInt64();  // integral or boolean
        if (from.id() == TypeId::kBoolean) value = input->ValueAt<bool>(i) ? 1 : 0;
        // |value| < 10^(p - s) keeps value * 10^s below 10^38: no int128 overflow at any scale.
        if (!DecimalFits(value, to.precision() - to.scale())) return false;
        *out = int128_t{value} * PowerOfTen(to.scale());
        return true;
      });
    }
    if (from.id() == TypeId::kDecimal) {
      return DispatchFixedWidth(to, [&]<typename To>() {
        return CastRows<To>(input, rows, to, raise, [&](size_t i, To* out) {
          int128_t unscaled = input->ValueAt<int128_t>(i);
          if constexpr (std::is_floating_point_v<To>) {
            *out = static_cast<To>(static_cast<long double>(unscaled) /
                                   static_cast<long double>(PowerOfTen(from.scale())));
            return true;
          } else if constexpr (std::is_same_v<To, bool>) {
            *out = unscaled != 0;
            return true;
          } else {
            int128_t integral = unscaled / PowerOfTen(from.scale());
            if (integral > std::numeric_limits<To>::max() ||
                integral < std::numeric_limits<To>::min()) {
              return false;
            }
            *out = static_cast<To>(integral);
            return true;
          }
        });
      });
    }
    // Numeric and boolean to numeric and boolean.
    return DispatchFixedWidth(from, [&]<typename From>() {
      return DispatchFixedWidth(to, [&]<typename To>() -> ColumnVectorPtr {
        if constexpr (std::is_same_v<From, int128_t> || std::is_same_v<To, int128_t>) {
          return nullptr;  // handled above
        } else {
          if (raise) {
            return CastRows<To>(input, rows, to, true, [&](size_t i, To* out) {
              return NumericCast<To, From, false>(input->ValueAt<From>(i), out);
            });
          }
          bool wrap = !try_cast;
          return CastRows<To>(input, rows, to, false, [&](size_t i, To* out) {
            return wrap ? NumericCast<To, From, true>(input->ValueAt<From>(i), out)
                        : NumericCast<To, From, false>(input->ValueAt<From>(i), out);
          });
        }
      });
    });
  };
}

}  // namespace

void RegisterCastFunctions(FunctionRegistry& registry) {
  registry.SetCastBinder(BindCast);
}

}  // namespace ember::functions
