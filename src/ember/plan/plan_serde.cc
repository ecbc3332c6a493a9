#include "ember/plan/plan_serde.h"

#include <bit>
#include <climits>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "ember/plan/plan_proto.h"

namespace ember {

static_assert(std::endian::native == std::endian::little,
              "serialized column buffers are little-endian, as they are in memory");
// The enums of proto/*.proto mirror the C++ enums value for value.
static_assert(proto::TypeId_MAX == static_cast<int>(TypeId::kTimestamp));
static_assert(proto::ExprKind_MAX == static_cast<int>(ExprKind::kSortOrder));
static_assert(proto::PhysicalKind_MAX == static_cast<int>(PhysicalKind::kFileScan));
static_assert(proto::AggregateMode_MAX == static_cast<int>(AggregateMode::kComplete));
static_assert(proto::JoinType_MAX == static_cast<int>(JoinType::kCross));
static_assert(proto::Partitioning::Kind_MAX == static_cast<int>(Partitioning::Kind::kBroadcast));
static_assert(proto::ScanPredicate::Op_MAX == static_cast<int>(ScanPredicate::Op::kIsNotNull));

namespace {

/// Bounds the number of rows of one serialized batch and the size a shared expression or plan
/// subtree may expand to: a few bytes can describe a DAG whose tree has 2^100 nodes.
constexpr uint64_t kMaxBatchRows = UINT32_MAX;
constexpr uint64_t kMaxTreeSize = uint64_t{1} << 20;

/// Returns `value` as enum E if it is one of E's values 0..`last`; throws naming `what` otherwise.
template <typename E>
E EnumFromProto(int value, E last, std::string_view what) {
  if (value < 0 || value > static_cast<int>(last))
    ThrowInvalidSerialized("unknown ", what, " ", value);
  return static_cast<E>(value);
}

template <typename P, typename E>
P EnumToProto(E value) {
  return static_cast<P>(static_cast<int>(value));
}

const char* PhysicalKindName(PhysicalKind kind) {
  static const char* kNames[] = {"Range",         "LocalScan", "Filter",         "Project",
                                 "HashAggregate", "HashJoin",  "NestedLoopJoin", "Sort",
                                 "Limit",         "Union",     "Sample",         "Exchange",
                                 "Coalesce",      "Cache",     "FileScan"};
  return kNames[static_cast<int>(kind)];
}

/// Copies a column buffer into a bytes field (a view of an empty buffer may hold nullptr).
void SetBytes(std::string_view bytes, std::string* out) {
  if (!bytes.empty()) out->assign(bytes.data(), bytes.size());
}

}  // namespace

std::string SerializeMessage(const google::protobuf::MessageLite& message, std::string_view what) {
  size_t size = message.ByteSizeLong();
  if (size > static_cast<size_t>(INT_MAX)) {
    Throw(ErrorKind::kResourceExhausted, "", "The serialized ", what, " would take ", size,
          " bytes, more than protobuf's limit of 2 GiB.");
  }
  std::string out;
  message.SerializeToString(&out);
  return out;
}

void ParseMessage(std::string_view bytes, google::protobuf::MessageLite* message) {
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    ThrowInvalidSerialized("its ", bytes.size(), " bytes are not a valid protobuf encoding of ",
                           message->GetTypeName());
  }
}

void ToProto(const DataType& type, proto::DataType* out) {
  out->set_id(EnumToProto<proto::TypeId>(type.id()));
  if (type.id() == TypeId::kDecimal) {
    out->set_precision(type.precision());
    out->set_scale(type.scale());
  }
}

DataType FromProto(const proto::DataType& message) {
  TypeId id = EnumFromProto(message.id(), TypeId::kTimestamp, "type id");
  int precision = message.precision(), scale = message.scale();
  if (id == TypeId::kDecimal) {
    if (precision < 1 || precision > DataType::kMaxDecimalPrecision || scale < 0 ||
        scale > precision) {
      ThrowInvalidSerialized("invalid type decimal(", precision, ",", scale, ")");
    }
    return DataType::Decimal(precision, scale);
  }
  if (precision != 0 || scale != 0) {
    ThrowInvalidSerialized("type ", DataType(id).SimpleString(), " has a precision or scale");
  }
  return id;
}

void ToProto(const Field& field, proto::Field* out) {
  out->set_name(field.name);
  ToProto(field.type, out->mutable_type());
  out->set_nullable(field.nullable);
}

Field FromProto(const proto::Field& message) {
  return Field{message.name(), FromProto(message.type()), message.nullable()};
}

void ToProto(const Schema& schema, proto::Schema* out) {
  for (const auto& field : schema.fields()) ToProto(field, out->add_fields());
}

Schema FromProto(const proto::Schema& message) {
  std::vector<Field> fields;
  fields.reserve(message.fields_size());
  for (int i = 0; i < message.fields_size(); ++i) {
    fields.push_back(DecodeIn(StrCat("field ", i), [&] { return FromProto(message.fields(i)); }));
  }
  return Schema(std::move(fields));
}

void ToProto(const Value& value, proto::Value* out) {
  ToProto(value.type(), out->mutable_type());
  if (value.is_null()) return;
  switch (value.type().id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      out->set_boolean(value.Get<bool>());
      break;
    case TypeId::kByte:
      out->set_integral(value.Get<int8_t>());
      break;
    case TypeId::kShort:
      out->set_integral(value.Get<int16_t>());
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      out->set_integral(value.Get<int32_t>());
      break;
    case TypeId::kLong:
    case TypeId::kTimestamp:
      out->set_integral(value.Get<int64_t>());
      break;
    case TypeId::kFloat:
      out->set_float_value(value.Get<float>());
      break;
    case TypeId::kDouble:
      out->set_double_value(value.Get<double>());
      break;
    case TypeId::kDecimal: {
      auto bits = static_cast<unsigned __int128>(value.Get<int128_t>());
      out->mutable_decimal()->set_low(static_cast<uint64_t>(bits));
      out->mutable_decimal()->set_high(static_cast<uint64_t>(bits >> 64));
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary:
      out->set_bytes(value.AsString());
      break;
  }
}

Value FromProto(const proto::Value& message) {
  DataType type = FromProto(message.type());
  if (message.value_case() == proto::Value::VALUE_NOT_SET) return Value::Null(type);
  auto expect = [&](proto::Value::ValueCase field) {
    if (message.value_case() != field) {
      ThrowInvalidSerialized("a value of type ", type.SimpleString(), " holds field ",
                             static_cast<int>(message.value_case()), " instead of field ",
                             static_cast<int>(field));
    }
  };
  auto integral = [&](int64_t min, int64_t max) {
    expect(proto::Value::kIntegral);
    int64_t value = message.integral();
    if (value < min || value > max) {
      ThrowInvalidSerialized("value ", value, " is out of range for type ", type.SimpleString());
    }
    return value;
  };
  switch (type.id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      expect(proto::Value::kBoolean);
      return Value::Boolean(message.boolean());
    case TypeId::kByte:
      return Value::Byte(static_cast<int8_t>(integral(INT8_MIN, INT8_MAX)));
    case TypeId::kShort:
      return Value::Short(static_cast<int16_t>(integral(INT16_MIN, INT16_MAX)));
    case TypeId::kInt:
      return Value::Int(static_cast<int32_t>(integral(INT32_MIN, INT32_MAX)));
    case TypeId::kDate:
      return Value::Date(static_cast<int32_t>(integral(INT32_MIN, INT32_MAX)));
    case TypeId::kLong:
      return Value::Long(integral(INT64_MIN, INT64_MAX));
    case TypeId::kTimestamp:
      return Value::Timestamp(integral(INT64_MIN, INT64_MAX));
    case TypeId::kFloat:
      expect(proto::Value::kFloatValue);
      return Value::Float(message.float_value());
    case TypeId::kDouble:
      expect(proto::Value::kDoubleValue);
      return Value::Double(message.double_value());
    case TypeId::kDecimal: {
      expect(proto::Value::kDecimal);
      auto bits = (static_cast<unsigned __int128>(message.decimal().high()) << 64) |
                  message.decimal().low();
      return Value::Decimal(static_cast<int128_t>(bits), type);
    }
    case TypeId::kString:
      expect(proto::Value::kBytes);
      return Value::String(message.bytes());
    case TypeId::kBinary:
      expect(proto::Value::kBytes);
      return Value::Binary(message.bytes());
  }
  ThrowInvalidSerialized("a value of type void is not null");
}

void ToProto(const Batch& batch, proto::Batch* out) {
  BatchPtr dense = batch.selection() ? batch.Materialize() : nullptr;
  const Batch& rows = dense ? *dense : batch;
  out->set_num_rows(rows.num_rows());
  for (const auto& original : rows.columns()) {
    ColumnVectorPtr column = original->Flatten();
    ColumnBuffers buffers = column->Buffers();
    proto::Column* out_column = out->add_columns();
    ToProto(column->type(), out_column->mutable_type());
    SetBytes(buffers.validity, out_column->mutable_validity());
    SetBytes(buffers.values, out_column->mutable_values());
    SetBytes(buffers.offsets, out_column->mutable_offsets());
    SetBytes(buffers.chars, out_column->mutable_chars());
  }
}

BatchPtr FromProto(const proto::Batch& message) {
  uint64_t rows = message.num_rows();
  if (rows > kMaxBatchRows) ThrowInvalidSerialized("a batch of ", rows, " rows is too large");
  std::vector<ColumnVectorPtr> columns;
  columns.reserve(message.columns_size());
  for (int i = 0; i < message.columns_size(); ++i) {
    const proto::Column& column = message.columns(i);
    columns.push_back(DecodeIn(StrCat("column ", i), [&] {
      ColumnBuffers buffers{column.validity(), column.values(), column.offsets(), column.chars()};
      std::string problem;
      ColumnVectorPtr decoded =
          ColumnVector::FromBuffers(FromProto(column.type()), rows, buffers, &problem);
      if (!decoded) ThrowInvalidSerialized(problem);
      return decoded;
    }));
  }
  return std::make_shared<Batch>(std::move(columns), rows);
}

void CheckBatchSchema(const Batch& batch, const Schema& schema, std::string_view what) {
  if (batch.num_columns() != schema.size()) {
    ThrowInvalidSerialized(what, " has ", batch.num_columns(), " columns, expected ", schema.size(),
                           " (", schema.SimpleString(), ")");
  }
  for (size_t c = 0; c < schema.size(); ++c) {
    if (batch.column(c)->type() != schema.field(c).type) {
      ThrowInvalidSerialized(what, " column ", c, " has type ",
                             batch.column(c)->type().SimpleString(), ", expected ",
                             schema.field(c).type.SimpleString());
    }
  }
}

void ToProto(const std::map<std::string, std::string>& values,
             google::protobuf::RepeatedPtrField<proto::KeyValue>* out) {
  for (const auto& [key, value] : values) {
    proto::KeyValue* entry = out->Add();
    entry->set_key(key);
    entry->set_value(value);
  }
}

FormatOptions FormatOptionsFromProto(
    const google::protobuf::RepeatedPtrField<proto::KeyValue>& message) {
  FormatOptions options;
  for (const auto& entry : message) options.Set(entry.key(), entry.value());
  return options;
}

namespace {

void LocalDataToProto(const LocalData& data, proto::LocalData* out) {
  ToProto(data.schema, out->mutable_schema());
  for (const auto& partition : data.partitions) {
    proto::LocalPartition* out_partition = out->add_partitions();
    for (const auto& batch : partition) ToProto(*batch, out_partition->add_batches());
  }
  out->set_num_rows(data.num_rows);
  out->set_byte_size(data.byte_size);
}

std::shared_ptr<const LocalData> LocalDataFromProto(const proto::LocalData& message) {
  auto data = std::make_shared<LocalData>();
  data->schema = FromProto(message.schema());
  for (int p = 0; p < message.partitions_size(); ++p) {
    std::vector<BatchPtr> batches;
    for (int b = 0; b < message.partitions(p).batches_size(); ++b) {
      std::string what = StrCat("partition ", p, " batch ", b);
      BatchPtr batch = DecodeIn(what, [&] { return FromProto(message.partitions(p).batches(b)); });
      CheckBatchSchema(*batch, data->schema, what);
      batches.push_back(std::move(batch));
    }
    data->partitions.push_back(std::move(batches));
  }
  data->num_rows = message.num_rows();
  data->byte_size = message.byte_size();
  return data;
}

void FileSourceToProto(const FileSource& source, proto::FileSource* out) {
  out->set_format(source.format);
  ToProto(source.options.values(), out->mutable_options());
  for (const auto& file : source.index.files) {
    proto::PartitionedFile* out_file = out->add_files();
    out_file->set_path(file.path);
    out_file->set_size(file.size);
    for (const auto& value : file.partition_values)
      ToProto(value, out_file->add_partition_values());
  }
  ToProto(source.index.partition_schema, out->mutable_partition_schema());
  ToProto(source.data_schema, out->mutable_data_schema());
  for (const auto& predicate : source.predicates) {
    proto::ScanPredicate* out_predicate = out->add_predicates();
    out_predicate->set_column(predicate.column);
    out_predicate->set_op(EnumToProto<proto::ScanPredicate::Op>(predicate.op));
    ToProto(predicate.value, out_predicate->mutable_value());
  }
}

std::shared_ptr<const FileSource> FileSourceFromProto(const proto::FileSource& message) {
  auto source = std::make_shared<FileSource>();
  source->format = message.format();
  source->options = FormatOptionsFromProto(message.options());
  source->index.partition_schema =
      DecodeIn("partition schema", [&] { return FromProto(message.partition_schema()); });
  source->data_schema = DecodeIn("data schema", [&] { return FromProto(message.data_schema()); });
  const Schema& partition_schema = source->index.partition_schema;
  for (int f = 0; f < message.files_size(); ++f) {
    const proto::PartitionedFile& file = message.files(f);
    DecodeIn(StrCat("file ", f), [&] {
      PartitionedFile decoded{file.path(), file.size(), {}};
      if (decoded.size < 0) ThrowInvalidSerialized("negative size ", decoded.size);
      if (file.partition_values_size() != static_cast<int>(partition_schema.size())) {
        ThrowInvalidSerialized(file.partition_values_size(), " partition values for ",
                               partition_schema.size(), " partition columns");
      }
      for (int v = 0; v < file.partition_values_size(); ++v) {
        Value value = FromProto(file.partition_values(v));
        if (value.type() != partition_schema.field(v).type) {
          ThrowInvalidSerialized("partition value ", v, " has type ", value.type().SimpleString(),
                                 ", expected ", partition_schema.field(v).type.SimpleString());
        }
        decoded.partition_values.push_back(std::move(value));
      }
      source->index.files.push_back(std::move(decoded));
    });
  }
  for (int i = 0; i < message.predicates_size(); ++i) {
    const proto::ScanPredicate& predicate = message.predicates(i);
    DecodeIn(StrCat("pushed filter ", i), [&] {
      ScanPredicate decoded;
      decoded.column = predicate.column();
      if (decoded.column >= source->data_schema.size()) {
        ThrowInvalidSerialized("column ", decoded.column, " does not exist (the data has ",
                               source->data_schema.size(), " columns)");
      }
      decoded.op = EnumFromProto(predicate.op(), ScanPredicate::Op::kIsNotNull, "filter op");
      decoded.value = FromProto(predicate.value());
      source->predicates.push_back(std::move(decoded));
    });
  }
  return source;
}

/// Appends a plan's nodes, expressions, local data and file sources to a message, each shared
/// object once (keyed by address), children before parents.
class PlanEncoder {
 public:
  PlanEncoder(ExchangeSubtrees subtrees, proto::PhysicalPlan* out)
      : subtrees_(subtrees), out_(out) {}

  uint32_t AddNode(const PhysicalPlanPtr& plan, bool is_root) {
    if (auto it = nodes_.find(plan.get()); it != nodes_.end()) return it->second;
    const PhysicalPlan& node = *plan;
    bool cut = node.IsExchange() && (subtrees_ == ExchangeSubtrees::kCutAll ||
                                     (subtrees_ == ExchangeSubtrees::kCutBelowRoot && !is_root));
    proto::PlanNode message;
    message.set_kind(EnumToProto<proto::PhysicalKind>(node.kind));
    // An exchange without children was cut when it was serialized before.
    message.set_stage_input(node.IsExchange() && (cut || node.children.empty()));
    if (!message.stage_input()) {
      for (const auto& child : node.children) message.add_children(AddNode(child, false));
    }
    ToProto(node.schema, message.mutable_schema());
    for (int64_t id : node.output_ids) message.add_output_ids(id);
    message.set_num_partitions(node.num_partitions);
    AddPartitioning(node.output_partitioning, message.mutable_output_partitioning());
    message.set_node_id(node.node_id);
    for (const auto& expr : node.exprs) message.add_exprs(AddExpr(expr));
    if (node.condition) message.set_condition(AddExpr(node.condition));
    for (const auto& expr : node.grouping) message.add_grouping(AddExpr(expr));
    for (const auto& call : node.aggregates) AddAggregate(call, message.add_aggregates());
    message.set_mode(EnumToProto<proto::AggregateMode>(node.mode));
    message.set_join_type(EnumToProto<proto::JoinType>(node.join_type));
    for (const auto& expr : node.left_keys) message.add_left_keys(AddExpr(expr));
    for (const auto& expr : node.right_keys) message.add_right_keys(AddExpr(expr));
    message.set_build_side(node.build_side);
    AddPartitioning(node.partitioning, message.mutable_partitioning());
    message.set_start(node.start);
    message.set_end(node.end);
    message.set_step(node.step);
    if (node.local_data) message.set_local_data(AddLocalData(node.local_data));
    if (node.file_source) message.set_file_source(AddFileSource(node.file_source));
    if (node.file_partitions) {
      proto::FilePartitions* partitions = message.mutable_file_partitions();
      for (const auto& splits : *node.file_partitions) {
        proto::FilePartition* partition = partitions->add_partitions();
        for (const auto& split : splits) {
          proto::FileSplit* out_split = partition->add_splits();
          out_split->set_file(split.file);
          out_split->set_start(split.start);
          out_split->set_length(split.length);
        }
      }
    }
    message.set_limit(node.limit);
    message.set_global_sort(node.global_sort);
    message.set_fraction(node.fraction);
    message.set_seed(node.seed);
    message.set_with_replacement(node.with_replacement);
    message.set_cache_id(node.cache_id);
    auto index = static_cast<uint32_t>(out_->nodes_size());
    *out_->add_nodes() = std::move(message);
    nodes_[plan.get()] = index;
    return index;
  }

 private:
  uint32_t AddExpr(const ExprPtr& expr) {
    if (auto it = exprs_.find(expr.get()); it != exprs_.end()) return it->second;
    proto::Expr message;
    for (const auto& child : expr->children) message.add_children(AddExpr(child));
    message.set_kind(EnumToProto<proto::ExprKind>(expr->kind));
    message.set_name(expr->name);
    if (!(expr->literal == Value())) ToProto(expr->literal, message.mutable_literal());
    ToProto(expr->type, message.mutable_type());
    message.set_nullable(expr->nullable);
    message.set_resolved(expr->resolved);
    message.set_id(expr->id);
    message.set_plan_id(expr->plan_id);
    message.set_index(expr->index);
    message.set_ascending(expr->ascending);
    message.set_nulls_first(expr->nulls_first);
    message.set_distinct(expr->distinct);
    message.set_try_cast(expr->try_cast);
    message.set_implicit(expr->implicit);
    message.set_ignore_nulls(expr->ignore_nulls);
    auto index = static_cast<uint32_t>(out_->exprs_size());
    *out_->add_exprs() = std::move(message);
    exprs_[expr.get()] = index;
    return index;
  }

  void AddPartitioning(const Partitioning& partitioning, proto::Partitioning* out) {
    out->set_kind(EnumToProto<proto::Partitioning::Kind>(partitioning.kind));
    out->set_num_partitions(partitioning.num_partitions);
    for (const auto& expr : partitioning.exprs) out->add_exprs(AddExpr(expr));
    for (int64_t id : partitioning.key_ids) out->add_key_ids(id);
    out->set_coalescable(partitioning.coalescable);
  }

  void AddAggregate(const AggregateCall& call, proto::AggregateCall* out) {
    out->set_function(call.function);
    for (const auto& arg : call.args) out->add_args(AddExpr(arg));
    for (const auto& type : call.arg_types) ToProto(type, out->add_arg_types());
    out->set_ignore_nulls(call.ignore_nulls);
    ToProto(call.result_type, out->mutable_result_type());
    out->set_result_nullable(call.result_nullable);
    for (const auto& field : call.state_fields) ToProto(field, out->add_state_fields());
    out->set_display(call.display);
    out->set_merge_input(call.merge_input);
  }

  uint32_t AddLocalData(const std::shared_ptr<const LocalData>& data) {
    auto [it, inserted] = local_data_.emplace(data.get(), out_->local_data_size());
    if (inserted) LocalDataToProto(*data, out_->add_local_data());
    return it->second;
  }

  uint32_t AddFileSource(const std::shared_ptr<const FileSource>& source) {
    auto [it, inserted] = file_sources_.emplace(source.get(), out_->file_sources_size());
    if (inserted) FileSourceToProto(*source, out_->add_file_sources());
    return it->second;
  }

  ExchangeSubtrees subtrees_;
  proto::PhysicalPlan* out_;
  std::unordered_map<const PhysicalPlan*, uint32_t> nodes_;
  std::unordered_map<const Expr*, uint32_t> exprs_;
  std::unordered_map<const LocalData*, uint32_t> local_data_;
  std::unordered_map<const FileSource*, uint32_t> file_sources_;
};

/// Returns the children `indices` names among the entries decoded so far, each of which must
/// come before entry `self` (so the graph has no cycles), and sets `tree_size` to the size of the
/// tree the entry roots once shared children are expanded; `sizes` holds the earlier entries'.
template <typename Ptr>
std::vector<Ptr> EarlierEntries(const google::protobuf::RepeatedField<uint32_t>& indices, int self,
                                const std::vector<Ptr>& entries, const std::vector<uint64_t>& sizes,
                                std::string_view what, uint64_t* tree_size) {
  std::vector<Ptr> children;
  uint64_t size = 1;
  for (uint32_t index : indices) {
    if (index >= static_cast<uint32_t>(self)) {
      ThrowInvalidSerialized("child ", index, " is not an earlier ", what);
    }
    children.push_back(entries[index]);
    size = std::min(size + sizes[index], kMaxTreeSize + 1);
  }
  if (size > kMaxTreeSize)
    ThrowInvalidSerialized("it expands to more than ", kMaxTreeSize, " nodes");
  *tree_size = size;
  return children;
}

/// Checks that the column references of `expr` fit `input`: in range and of the column's type,
/// since kernels read the column's buffers as that type.
void CheckReferences(const ExprPtr& expr, const Schema& input, std::string_view what) {
  VisitExpr(expr, [&](const ExprPtr& node) {
    if (node->kind != ExprKind::kBoundReference) return;
    if (node->index < 0 || static_cast<size_t>(node->index) >= input.size()) {
      ThrowInvalidSerialized(what, " reads column ", node->index, " of an input with ",
                             input.size(), " columns");
    }
    const DataType& actual = input.field(node->index).type;
    if (node->type != actual) {
      ThrowInvalidSerialized(what, " reads column ", node->index, " as ", node->type.SimpleString(),
                             " but it holds ", actual.SimpleString());
    }
  });
}

void CheckReferences(const std::vector<ExprPtr>& exprs, const Schema& input,
                     std::string_view what) {
  for (const auto& expr : exprs) CheckReferences(expr, input, what);
}

void CheckSortOrders(const std::vector<ExprPtr>& exprs, std::string_view what) {
  for (const auto& expr : exprs) {
    if (expr->kind != ExprKind::kSortOrder) {
      ThrowInvalidSerialized(what, " ", expr->ToString(), " is not a sort order");
    }
  }
}

Schema ConcatSchemas(const Schema& left, const Schema& right) {
  std::vector<Field> fields = left.fields();
  fields.insert(fields.end(), right.fields().begin(), right.fields().end());
  return Schema(std::move(fields));
}

std::vector<DataType> TypesOf(const Schema& schema) {
  std::vector<DataType> types;
  for (const auto& field : schema.fields()) types.push_back(field.type);
  return types;
}

/// Returns the column types an operator produces from its inputs; nullopt when its schema is all
/// there is to know (leaves without data, stage inputs).
std::optional<std::vector<DataType>> ProducedTypes(const PhysicalPlan& node) {
  auto child_types = [&](size_t i) { return TypesOf(node.children[i]->schema); };
  switch (node.kind) {
    case PhysicalKind::kRange:
      return std::vector<DataType>{TypeId::kLong};
    case PhysicalKind::kLocalScan:
      return TypesOf(node.local_data->schema);
    case PhysicalKind::kFileScan:
      return TypesOf(node.file_source->OutputSchema());
    case PhysicalKind::kFilter:
    case PhysicalKind::kSort:
    case PhysicalKind::kLimit:
    case PhysicalKind::kSample:
    case PhysicalKind::kCache:
    case PhysicalKind::kCoalesce:
    case PhysicalKind::kUnion:
      return child_types(0);
    case PhysicalKind::kExchange:
      if (node.children.empty()) return std::nullopt;
      return child_types(0);
    case PhysicalKind::kProject: {
      std::vector<DataType> types;
      for (const auto& expr : node.exprs) types.push_back(expr->type);
      return types;
    }
    case PhysicalKind::kHashAggregate: {
      std::vector<DataType> types;
      for (const auto& key : node.grouping) types.push_back(key->type);
      bool final = node.mode == AggregateMode::kFinal || node.mode == AggregateMode::kComplete;
      for (const auto& call : node.aggregates) {
        if (final) {
          types.push_back(call.result_type);
        } else {
          for (const auto& state : call.state_fields) types.push_back(state.type);
        }
      }
      return types;
    }
    case PhysicalKind::kHashJoin:
    case PhysicalKind::kNestedLoopJoin: {
      std::vector<DataType> types = child_types(0);
      if (node.join_type != JoinType::kLeftSemi && node.join_type != JoinType::kLeftAnti) {
        std::vector<DataType> right = child_types(1);
        types.insert(types.end(), right.begin(), right.end());
      }
      return types;
    }
  }
  return std::nullopt;
}

std::string TypeList(const std::vector<DataType>& types) {
  std::string out;
  for (const auto& type : types) out += (out.empty() ? "" : ", ") + type.SimpleString();
  return "(" + out + ")";
}

/// Checks that a node's schema says what its operator produces: its parent's column references
/// were checked against the schema, and kernels read the columns as the types it names.
void CheckOutputTypes(const PhysicalPlan& node) {
  std::optional<std::vector<DataType>> produced = ProducedTypes(node);
  if (produced && *produced != TypesOf(node.schema)) {
    ThrowInvalidSerialized("its output columns ", TypeList(TypesOf(node.schema)),
                           " differ from the columns it produces ", TypeList(*produced));
  }
  if (node.kind == PhysicalKind::kUnion) {
    for (const auto& child : node.children) {
      if (TypesOf(child->schema) != *produced) {
        ThrowInvalidSerialized("its inputs have different columns: ", TypeList(*produced), " and ",
                               TypeList(TypesOf(child->schema)));
      }
    }
  }
}

/// Checks what the local planner and operators rely on: child counts, the fields each operator
/// reads, column references, output columns and partition counts.
void CheckNode(const PhysicalPlan& node, bool stage_input) {
  auto expect_children = [&](size_t count) {
    if (node.children.size() != count) {
      ThrowInvalidSerialized("it has ", node.children.size(), " children, expected ", count);
    }
  };
  auto input = [&](size_t child) -> const Schema& { return node.children[child]->schema; };
  if (node.num_partitions < 0) ThrowInvalidSerialized("negative partition count");
  if (stage_input && !node.IsExchange())
    ThrowInvalidSerialized("only an exchange is a stage input");
  switch (node.kind) {
    case PhysicalKind::kRange:
      expect_children(0);
      if (node.num_partitions < 1) ThrowInvalidSerialized("a range needs at least one partition");
      break;
    case PhysicalKind::kLocalScan:
      expect_children(0);
      if (!node.local_data) ThrowInvalidSerialized("it has no local data");
      if (node.local_data->partitions.size() != static_cast<size_t>(node.num_partitions)) {
        ThrowInvalidSerialized("its local data has ", node.local_data->partitions.size(),
                               " partitions, expected ", node.num_partitions);
      }
      break;
    case PhysicalKind::kFileScan:
      expect_children(0);
      if (!node.file_source) ThrowInvalidSerialized("it has no file source");
      if (!node.file_partitions) ThrowInvalidSerialized("it has no file partitions");
      if (node.file_partitions->size() != static_cast<size_t>(node.num_partitions)) {
        ThrowInvalidSerialized("it has ", node.file_partitions->size(),
                               " file partitions, expected ", node.num_partitions);
      }
      for (const auto& splits : *node.file_partitions) {
        for (const auto& split : splits) {
          if (split.file >= node.file_source->index.files.size() || split.start < 0 ||
              split.length < 0) {
            ThrowInvalidSerialized("split of file ", split.file, " at ", split.start, " (",
                                   split.length, " bytes) does not fit its ",
                                   node.file_source->index.files.size(), " files");
          }
        }
      }
      break;
    case PhysicalKind::kFilter:
      expect_children(1);
      if (!node.condition) ThrowInvalidSerialized("it has no condition");
      CheckReferences(node.condition, input(0), "the condition");
      break;
    case PhysicalKind::kProject:
      expect_children(1);
      if (node.exprs.size() != node.schema.size()) {
        ThrowInvalidSerialized("it computes ", node.exprs.size(), " expressions for ",
                               node.schema.size(), " output columns");
      }
      CheckReferences(node.exprs, input(0), "an expression");
      break;
    case PhysicalKind::kHashAggregate:
      expect_children(1);
      CheckReferences(node.grouping, input(0), "a grouping key");
      for (const auto& call : node.aggregates) {
        CheckReferences(call.args, input(0), "aggregate " + call.display);
      }
      break;
    case PhysicalKind::kHashJoin:
    case PhysicalKind::kNestedLoopJoin:
      expect_children(2);
      if (node.build_side != 0 && node.build_side != 1) {
        ThrowInvalidSerialized("build side ", node.build_side, " is neither 0 nor 1");
      }
      if (node.left_keys.size() != node.right_keys.size() ||
          (node.kind == PhysicalKind::kHashJoin && node.left_keys.empty())) {
        ThrowInvalidSerialized("it has ", node.left_keys.size(), " left and ",
                               node.right_keys.size(), " right keys");
      }
      CheckReferences(node.left_keys, input(0), "a left key");
      CheckReferences(node.right_keys, input(1), "a right key");
      if (node.condition) {
        CheckReferences(node.condition, ConcatSchemas(input(0), input(1)), "the condition");
      }
      break;
    case PhysicalKind::kSort:
      expect_children(1);
      CheckSortOrders(node.exprs, "sort key");
      CheckReferences(node.exprs, input(0), "a sort key");
      break;
    case PhysicalKind::kLimit:
    case PhysicalKind::kSample:
    case PhysicalKind::kCache:
      expect_children(1);
      break;
    case PhysicalKind::kCoalesce:
      expect_children(1);
      if (node.num_partitions < 1) ThrowInvalidSerialized("coalescing to no partition");
      break;
    case PhysicalKind::kUnion:
      if (node.children.empty()) ThrowInvalidSerialized("a union needs children");
      break;
    case PhysicalKind::kExchange: {
      expect_children(stage_input ? 0 : 1);
      const Partitioning& partitioning = node.partitioning;
      if (partitioning.num_partitions < 1) {
        ThrowInvalidSerialized("an exchange into ", partitioning.num_partitions, " partitions");
      }
      if (partitioning.kind == Partitioning::Kind::kRange) {
        CheckSortOrders(partitioning.exprs, "range key");
      }
      if (!stage_input) CheckReferences(partitioning.exprs, input(0), "a partitioning key");
      break;
    }
  }
  CheckOutputTypes(node);
}

/// Reads a plan message into nodes, checking every reference before it is followed.
class PlanDecoder {
 public:
  explicit PlanDecoder(const proto::PhysicalPlan& message) : message_(message) {}

  PhysicalPlanPtr Decode() {
    if (message_.version() != kPlanFormatVersion) {
      ThrowInvalidSerialized("format version ", message_.version(), " is not ", kPlanFormatVersion,
                             ", the version this build reads");
    }
    if (message_.nodes_size() == 0) ThrowInvalidSerialized("the plan has no nodes");
    for (int i = 0; i < message_.exprs_size(); ++i) {
      DecodeIn(StrCat("expression ", i), [&] { DecodeExpr(message_.exprs(i), i); });
    }
    for (int i = 0; i < message_.local_data_size(); ++i) {
      local_data_.push_back(DecodeIn(StrCat("local data ", i),
                                     [&] { return LocalDataFromProto(message_.local_data(i)); }));
    }
    for (int i = 0; i < message_.file_sources_size(); ++i) {
      file_sources_.push_back(DecodeIn(StrCat("file source ", i), [&] {
        return FileSourceFromProto(message_.file_sources(i));
      }));
    }
    for (int i = 0; i < message_.nodes_size(); ++i) {
      const proto::PlanNode& node = message_.nodes(i);
      std::string context = StrCat("node ", i);
      if (node.kind() >= 0 && node.kind() <= proto::PhysicalKind_MAX) {
        context += StrCat(" (", PhysicalKindName(static_cast<PhysicalKind>(node.kind())), ")");
      }
      DecodeIn(context, [&] { DecodeNode(node, i); });
    }
    return nodes_.back();
  }

 private:
  ExprPtr ExprAt(uint32_t index, std::string_view what) const {
    if (index >= exprs_.size()) {
      ThrowInvalidSerialized(what, " is expression ", index,
                             ", which does not exist (the plan has ", exprs_.size(), ")");
    }
    return exprs_[index];
  }

  std::vector<ExprPtr> ExprsAt(const google::protobuf::RepeatedField<uint32_t>& indices,
                               std::string_view what) const {
    std::vector<ExprPtr> exprs;
    exprs.reserve(indices.size());
    for (uint32_t index : indices) exprs.push_back(ExprAt(index, what));
    return exprs;
  }

  void DecodeExpr(const proto::Expr& message, int self) {
    auto expr = std::make_shared<Expr>();
    expr->kind = EnumFromProto(message.kind(), ExprKind::kSortOrder, "expression kind");
    uint64_t tree_size = 0;
    expr->children = EarlierEntries(message.children(), self, exprs_, expr_tree_sizes_,
                                    "expression", &tree_size);
    expr->name = message.name();
    if (message.has_literal()) expr->literal = FromProto(message.literal());
    expr->type = FromProto(message.type());
    expr->nullable = message.nullable();
    expr->resolved = message.resolved();
    expr->id = message.id();
    expr->plan_id = message.plan_id();
    expr->index = message.index();
    expr->ascending = message.ascending();
    expr->nulls_first = message.nulls_first();
    expr->distinct = message.distinct();
    expr->try_cast = message.try_cast();
    expr->implicit = message.implicit();
    expr->ignore_nulls = message.ignore_nulls();
    CheckExpr(*expr);
    exprs_.push_back(std::move(expr));
    expr_tree_sizes_.push_back(tree_size);
  }

  /// Checks the child counts the evaluator and printer index without looking.
  static void CheckExpr(const Expr& expr) {
    size_t count = expr.children.size();
    auto expect_children = [&](size_t want) {
      if (count != want) ThrowInvalidSerialized("it has ", count, " children, expected ", want);
    };
    switch (expr.kind) {
      case ExprKind::kAlias:
      case ExprKind::kCast:
      case ExprKind::kSortOrder:
        expect_children(1);
        break;
      case ExprKind::kBoundReference:
      case ExprKind::kAttribute:
      case ExprKind::kUnresolvedColumn:
      case ExprKind::kStar:
        expect_children(0);
        break;
      case ExprKind::kLiteral:
        expect_children(0);
        if (expr.literal.type() != expr.type) {
          ThrowInvalidSerialized("a literal of type ", expr.literal.type().SimpleString(),
                                 " is typed ", expr.type.SimpleString());
        }
        break;
      case ExprKind::kCall:
        if (expr.name == "and" || expr.name == "or") expect_children(2);
        if ((expr.name == "case_when" || expr.name == "coalesce") && count == 0) {
          ThrowInvalidSerialized(expr.name, " needs arguments");
        }
        break;
      case ExprKind::kAggregate:
        break;
    }
  }

  Partitioning DecodePartitioning(const proto::Partitioning& message) const {
    Partitioning partitioning;
    partitioning.kind =
        EnumFromProto(message.kind(), Partitioning::Kind::kBroadcast, "partitioning kind");
    partitioning.num_partitions = message.num_partitions();
    partitioning.exprs = ExprsAt(message.exprs(), "a partitioning key");
    partitioning.key_ids.assign(message.key_ids().begin(), message.key_ids().end());
    partitioning.coalescable = message.coalescable();
    return partitioning;
  }

  AggregateCall DecodeAggregate(const proto::AggregateCall& message) const {
    AggregateCall call;
    call.function = message.function();
    call.args = ExprsAt(message.args(), "an argument");
    for (const auto& type : message.arg_types()) call.arg_types.push_back(FromProto(type));
    call.ignore_nulls = message.ignore_nulls();
    call.result_type = FromProto(message.result_type());
    call.result_nullable = message.result_nullable();
    for (const auto& field : message.state_fields()) call.state_fields.push_back(FromProto(field));
    call.display = message.display();
    call.merge_input = message.merge_input();
    return call;
  }

  void DecodeNode(const proto::PlanNode& message, int self) {
    auto node = std::make_shared<PhysicalPlan>();
    node->kind = EnumFromProto(message.kind(), PhysicalKind::kFileScan, "operator kind");
    uint64_t tree_size = 0;
    node->children =
        EarlierEntries(message.children(), self, nodes_, node_tree_sizes_, "node", &tree_size);
    node->schema = DecodeIn("schema", [&] { return FromProto(message.schema()); });
    node->output_ids.assign(message.output_ids().begin(), message.output_ids().end());
    node->num_partitions = message.num_partitions();
    node->output_partitioning = DecodeIn(
        "output partitioning", [&] { return DecodePartitioning(message.output_partitioning()); });
    node->node_id = message.node_id();
    node->exprs = ExprsAt(message.exprs(), "an expression");
    if (message.has_condition()) node->condition = ExprAt(message.condition(), "the condition");
    node->grouping = ExprsAt(message.grouping(), "a grouping key");
    for (int i = 0; i < message.aggregates_size(); ++i) {
      node->aggregates.push_back(DecodeIn(StrCat("aggregate ", i),
                                          [&] { return DecodeAggregate(message.aggregates(i)); }));
    }
    node->mode = EnumFromProto(message.mode(), AggregateMode::kComplete, "aggregate mode");
    node->join_type = EnumFromProto(message.join_type(), JoinType::kCross, "join type");
    node->left_keys = ExprsAt(message.left_keys(), "a left key");
    node->right_keys = ExprsAt(message.right_keys(), "a right key");
    node->build_side = message.build_side();
    node->partitioning =
        DecodeIn("partitioning", [&] { return DecodePartitioning(message.partitioning()); });
    node->start = message.start();
    node->end = message.end();
    node->step = message.step();
    if (message.has_local_data()) {
      if (message.local_data() >= local_data_.size()) {
        ThrowInvalidSerialized("local data ", message.local_data(), " does not exist");
      }
      node->local_data = local_data_[message.local_data()];
    }
    if (message.has_file_source()) {
      if (message.file_source() >= file_sources_.size()) {
        ThrowInvalidSerialized("file source ", message.file_source(), " does not exist");
      }
      node->file_source = file_sources_[message.file_source()];
    }
    if (message.has_file_partitions()) {
      auto partitions = std::make_shared<std::vector<std::vector<FileSplit>>>();
      for (const auto& partition : message.file_partitions().partitions()) {
        std::vector<FileSplit> splits;
        for (const auto& split : partition.splits()) {
          splits.push_back({static_cast<size_t>(split.file()), split.start(), split.length()});
        }
        partitions->push_back(std::move(splits));
      }
      node->file_partitions = std::move(partitions);
    }
    node->limit = message.limit();
    node->global_sort = message.global_sort();
    node->fraction = message.fraction();
    node->seed = message.seed();
    node->with_replacement = message.with_replacement();
    node->cache_id = message.cache_id();
    CheckNode(*node, message.stage_input());
    nodes_.push_back(std::move(node));
    node_tree_sizes_.push_back(tree_size);
  }

  const proto::PhysicalPlan& message_;
  std::vector<ExprPtr> exprs_;
  std::vector<uint64_t> expr_tree_sizes_;
  std::vector<std::shared_ptr<const LocalData>> local_data_;
  std::vector<std::shared_ptr<const FileSource>> file_sources_;
  std::vector<PhysicalPlanPtr> nodes_;
  std::vector<uint64_t> node_tree_sizes_;
};

}  // namespace

void PlanToProto(const PhysicalPlanPtr& plan, ExchangeSubtrees subtrees, proto::PhysicalPlan* out) {
  out->set_version(kPlanFormatVersion);
  PlanEncoder(subtrees, out).AddNode(plan, true);
}

PhysicalPlanPtr PlanFromProto(const proto::PhysicalPlan& message) {
  return PlanDecoder(message).Decode();
}

std::string SerializePlan(const PhysicalPlanPtr& plan, ExchangeSubtrees subtrees) {
  proto::PhysicalPlan message;
  PlanToProto(plan, subtrees, &message);
  return SerializeMessage(message, "physical plan");
}

PhysicalPlanPtr DeserializePlan(std::string_view bytes) {
  return ParseAndDecode<proto::PhysicalPlan>(bytes, "physical plan", PlanFromProto);
}

}  // namespace ember
