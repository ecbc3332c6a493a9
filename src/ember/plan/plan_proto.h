#pragma once

// Conversions between engine objects and the generated messages of proto/types.proto and
// proto/plan.proto, for serializers that embed them in messages of their own (task descriptors).
// Include only from serde sources: it pulls in protobuf's headers.

#include <map>
#include <string>
#include <string_view>

#include "ember/common/error.h"
#include "ember/plan/plan_serde.h"
#include "proto/plan.pb.h"
#include "proto/types.pb.h"

namespace ember {

/// Names the error class of bytes that do not describe a valid object.
inline constexpr const char* kInvalidSerializedData = "INVALID_SERIALIZED_DATA";

/// Throws the IO error INVALID_SERIALIZED_DATA whose message is the concatenation of `args`.
template <typename... Args>
[[noreturn]] void ThrowInvalidSerialized(const Args&... args) {
  Throw(ErrorKind::kIo, kInvalidSerializedData, args...);
}

/// Runs `decode` and turns any error it raises into INVALID_SERIALIZED_DATA prefixed with
/// `context` ("node 3 (Filter)"), so that a message names the path to the bad field.
template <typename Fn>
decltype(auto) DecodeIn(std::string_view context, Fn&& decode) {
  try {
    return decode();
  } catch (const Error& error) {
    ThrowInvalidSerialized(
        context, ": ",
        error.error_class() == kInvalidSerializedData ? error.message() : error.what());
  }
}

/// Returns the bytes of `message`; throws naming `what` if it exceeds protobuf's 2 GiB limit.
std::string SerializeMessage(const google::protobuf::MessageLite& message, std::string_view what);
/// Parses `bytes` into `message`; throws INVALID_SERIALIZED_DATA if they are not a valid encoding.
void ParseMessage(std::string_view bytes, google::protobuf::MessageLite* message);

/// Parses `bytes` as a `Message` and returns `decode(message)`; errors read "Cannot read a
/// serialized `what`: ..." followed by the path to the bad field.
template <typename Message, typename Fn>
auto ParseAndDecode(std::string_view bytes, std::string_view what, Fn&& decode) {
  return DecodeIn(StrCat("Cannot read a serialized ", what), [&] {
    Message message;
    ParseMessage(bytes, &message);
    return decode(message);
  });
}

void ToProto(const DataType& type, proto::DataType* out);
DataType FromProto(const proto::DataType& message);
void ToProto(const Field& field, proto::Field* out);
Field FromProto(const proto::Field& message);
void ToProto(const Schema& schema, proto::Schema* out);
Schema FromProto(const proto::Schema& message);
void ToProto(const Value& value, proto::Value* out);
Value FromProto(const proto::Value& message);
/// Writes the live rows of `batch`, each column flat (constant and dictionary columns expanded).
void ToProto(const Batch& batch, proto::Batch* out);
BatchPtr FromProto(const proto::Batch& message);
/// Checks that `batch` has the columns of `schema` (count and types); `what` names it.
void CheckBatchSchema(const Batch& batch, const Schema& schema, std::string_view what);

/// Writes settings or format options (`FormatOptions::values()`, `Config::values()`).
void ToProto(const std::map<std::string, std::string>& values,
             google::protobuf::RepeatedPtrField<proto::KeyValue>* out);
FormatOptions FormatOptionsFromProto(
    const google::protobuf::RepeatedPtrField<proto::KeyValue>& message);

/// Writes `plan` into `out`, sharing repeated subtrees (see SerializePlan).
void PlanToProto(const PhysicalPlanPtr& plan, ExchangeSubtrees subtrees, proto::PhysicalPlan* out);
/// Reads and checks a plan (see DeserializePlan).
PhysicalPlanPtr PlanFromProto(const proto::PhysicalPlan& message);

}  // namespace ember
