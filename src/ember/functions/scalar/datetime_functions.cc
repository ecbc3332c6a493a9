// Date and time functions on dates (days since the epoch) and UTC timestamps (microseconds).

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"
#include "ember/types/text_format.h"

namespace ember::functions {

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

DataType RequireDate(const std::string& name, const DataType& type, size_t index) {
  switch (type.id()) {
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kString:
    case TypeId::kNull:
      return TypeId::kDate;
    default:
      ThrowArgumentTypeMismatch(name, index, type, "\"DATE\"");
  }
}

/// Registers a date -> int field extractor.
template <typename Fn>
void AddDateField(FunctionRegistry& registry, const char* name, const char* doc, Fn fn) {
  std::string function = name;
  registry.AddScalar({function, doc, 1, 1, [function, fn](const std::vector<DataType>& types) {
                        BoundScalar bound;
                        bound.arg_types = {RequireDate(function, types[0], 0)};
                        bound.result_type = TypeId::kInt;
                        bound.kernel = [fn](const EvalContext&,
                                            const std::vector<ColumnVectorPtr>& args, size_t rows) {
                          return kernels::UnaryFixed<int32_t, int32_t>(
                              args[0], rows, TypeId::kInt,
                              [fn](int32_t days, int32_t* out) {
                                int64_t year;
                                unsigned month, day;
                                CivilFromDays(days, &year, &month, &day);
                                *out = fn(days, static_cast<int32_t>(year), month, day);
                                return true;
                              },
                              kernels::NullOnError());
                        };
                        return bound;
                      }});
}

/// Registers a timestamp -> int field extractor over the time of day (UTC).
template <typename Fn>
void AddTimeField(FunctionRegistry& registry, const char* name, const char* doc, Fn fn) {
  std::string function = name;
  registry.AddScalar(
      {function, doc, 1, 1, [function, fn](const std::vector<DataType>& types) {
         if (types[0].id() != TypeId::kTimestamp && types[0].id() != TypeId::kString &&
             types[0].id() != TypeId::kDate && types[0].id() != TypeId::kNull) {
           ThrowArgumentTypeMismatch(function, 0, types[0], "\"TIMESTAMP\"");
         }
         BoundScalar bound;
         bound.arg_types = {TypeId::kTimestamp};
         bound.result_type = TypeId::kInt;
         bound.kernel = [fn](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                             size_t rows) {
           return kernels::UnaryFixed<int32_t, int64_t>(
               args[0], rows, TypeId::kInt,
               [fn](int64_t micros, int32_t* out) {
                 int64_t of_day = micros - FloorDiv(micros, kMicrosPerDay) * kMicrosPerDay;
                 *out = fn(of_day / 1'000'000);
                 return true;
               },
               kernels::NullOnError());
         };
         return bound;
       }});
}

/// Registers date_add / date_sub.
void AddDateShift(FunctionRegistry& registry, const char* name, const char* doc, int sign) {
  std::string function = name;
  registry.AddScalar(
      {function, doc, 2, 2, [function, sign](const std::vector<DataType>& types) {
         if (!types[1].IsIntegral() && types[1].id() != TypeId::kNull) {
           ThrowArgumentTypeMismatch(function, 1, types[1], "\"INT\"");
         }
         BoundScalar bound;
         bound.arg_types = {RequireDate(function, types[0], 0), TypeId::kInt};
         bound.result_type = TypeId::kDate;
         bound.kernel = [sign](const EvalContext& context, const std::vector<ColumnVectorPtr>& args,
                               size_t rows) {
           return kernels::BinaryFixed<int32_t, int32_t, int32_t>(
               args[0], args[1], rows, TypeId::kDate,
               [sign](int32_t days, int32_t delta, int32_t* out) {
                 return !__builtin_add_overflow(days, sign * int64_t{delta}, out);
               },
               [&](size_t) {
                 if (context.ansi) {
                   Throw(ErrorKind::kExecution, "DATETIME_OVERFLOW", "Date arithmetic overflow.");
                 }
               });
         };
         return bound;
       }});
}

}  // namespace

void RegisterDatetimeFunctions(FunctionRegistry& registry) {
  AddDateField(registry, "year", "Returns the year of a date or timestamp.",
               [](int32_t, int32_t y, unsigned, unsigned) { return y; });
  AddDateField(registry, "month", "Returns the month (1-12) of a date or timestamp.",
               [](int32_t, int32_t, unsigned m, unsigned) { return static_cast<int32_t>(m); });
  AddDateField(registry, "dayofmonth", "Returns the day of month (1-31).",
               [](int32_t, int32_t, unsigned, unsigned d) { return static_cast<int32_t>(d); });
  AddDateField(
      registry, "quarter", "Returns the quarter of the year (1-4).",
      [](int32_t, int32_t, unsigned m, unsigned) { return static_cast<int32_t>((m + 2) / 3); });
  AddDateField(registry, "dayofweek", "Returns the day of week, 1 = Sunday ... 7 = Saturday.",
               [](int32_t days, int32_t, unsigned, unsigned) {
                 // 1970-01-01 was a Thursday (5).
                 return static_cast<int32_t>(((days + 4) % 7 + 7) % 7 + 1);
               });
  AddDateField(registry, "dayofyear", "Returns the day of the year (1-366).",
               [](int32_t days, int32_t y, unsigned, unsigned) {
                 return static_cast<int32_t>(days - DaysFromCivil(y, 1, 1) + 1);
               });
  AddTimeField(registry, "hour", "Returns the hour (0-23) of a timestamp, UTC.",
               [](int64_t s) { return static_cast<int32_t>(s / 3600); });
  AddTimeField(registry, "minute", "Returns the minute (0-59) of a timestamp.",
               [](int64_t s) { return static_cast<int32_t>(s / 60 % 60); });
  AddTimeField(registry, "second", "Returns the second (0-59) of a timestamp.",
               [](int64_t s) { return static_cast<int32_t>(s % 60); });
  AddDateShift(registry, "date_add", "Returns the date num_days after start_date.", 1);
  AddDateShift(registry, "date_sub", "Returns the date num_days before start_date.", -1);
  registry.AddScalar({"datediff", "Returns the number of days from start to end.", 2, 2,
                      [](const std::vector<DataType>& types) {
                        BoundScalar bound;
                        bound.arg_types = {RequireDate("datediff", types[0], 0),
                                           RequireDate("datediff", types[1], 1)};
                        bound.result_type = TypeId::kInt;
                        bound.kernel = [](const EvalContext&,
                                          const std::vector<ColumnVectorPtr>& args, size_t rows) {
                          return kernels::BinaryFixed<int32_t, int32_t, int32_t>(
                              args[0], args[1], rows, TypeId::kInt,
                              [](int32_t end, int32_t start, int32_t* out) {
                                *out = end - start;
                                return true;
                              },
                              kernels::NullOnError());
                        };
                        return bound;
                      }});
}

}  // namespace ember::functions
