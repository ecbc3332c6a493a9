#include "ember/expr/evaluator.h"

#include <algorithm>
#include <cstring>

#include "ember/common/error.h"

namespace ember {

/// Holds an expression tree prepared for evaluation: kernels bound once, literals ready.
struct CompiledExpr {
  enum class Op { kColumn, kLiteral, kKernel, kAnd, kOr, kCaseWhen, kCoalesce };
  Op op = Op::kLiteral;
  int index = -1;
  Value literal;
  DataType type;
  ScalarKernel kernel;
  std::vector<std::unique_ptr<CompiledExpr>> children;
  std::vector<int> referenced;  // input columns this subtree reads
  /// A kernel's result over the last dictionary it saw (see EvalOverDictionary): an evaluator
  /// serves one task, so batches of one Parquet column chunk reuse it.
  struct DictionaryResult {
    ColumnVectorPtr dictionary;     // holds the key alive
    ColumnVectorPtr result;         // one row per dictionary entry, then the null row
    ColumnVectorPtr entry_results;  // `result` without the null row
    /// For a string result without nulls on the entries: the entries' results as a dictionary,
    /// so the result stays dictionary-encoded.
    ColumnVectorPtr result_dictionary;
  };
  mutable DictionaryResult dictionary_cache;
};

namespace {

using Columns = std::vector<ColumnVectorPtr>;

std::unique_ptr<CompiledExpr> Compile(const ExprPtr& expr, const FunctionRegistry& registry) {
  auto node = std::make_unique<CompiledExpr>();
  node->type = expr->type;
  for (const auto& child : expr->children) {
    node->children.push_back(Compile(child, registry));
    for (int column : node->children.back()->referenced) node->referenced.push_back(column);
  }
  std::sort(node->referenced.begin(), node->referenced.end());
  node->referenced.erase(std::unique(node->referenced.begin(), node->referenced.end()),
                         node->referenced.end());
  switch (expr->kind) {
    case ExprKind::kBoundReference:
      node->op = CompiledExpr::Op::kColumn;
      node->index = expr->index;
      node->referenced = {expr->index};
      break;
    case ExprKind::kLiteral:
      node->op = CompiledExpr::Op::kLiteral;
      node->literal = expr->literal;
      break;
    case ExprKind::kAlias:
      return std::move(node->children[0]);
    case ExprKind::kCast: {
      node->op = CompiledExpr::Op::kKernel;
      DataType from = expr->children[0]->type;
      if (from == expr->type) return std::move(node->children[0]);
      node->kernel = registry.cast_binder()(from, expr->type, expr->try_cast);
      break;
    }
    case ExprKind::kCall: {
      if (expr->name == "and")
        node->op = CompiledExpr::Op::kAnd;
      else if (expr->name == "or")
        node->op = CompiledExpr::Op::kOr;
      else if (expr->name == "case_when")
        node->op = CompiledExpr::Op::kCaseWhen;
      else if (expr->name == "coalesce")
        node->op = CompiledExpr::Op::kCoalesce;
      else
        node->op = CompiledExpr::Op::kKernel;
      if (node->op == CompiledExpr::Op::kKernel) {
        std::vector<DataType> types;
        for (const auto& child : expr->children) types.push_back(child->type);
        node->kernel = registry.BindScalar(expr->name, types).kernel;
      }
      break;
    }
    default:
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "Expression ", expr->ToString(),
            " cannot be evaluated: it is not bound (kind ", static_cast<int>(expr->kind), ").");
  }
  return node;
}

ColumnVectorPtr Eval(const CompiledExpr& node, const Columns& input, size_t num_rows,
                     const EvalContext& context);

/// Evaluates `node` only on `rows` (positions into `input`), returning a column of rows.size().
ColumnVectorPtr EvalOnRows(const CompiledExpr& node, const Columns& input,
                           const std::vector<uint32_t>& rows, const EvalContext& context) {
  Columns subset(input.size());
  for (int column : node.referenced)
    subset[column] = input[column]->Gather(rows.data(), rows.size());
  return Eval(node, subset, rows.size(), context);
}

/// Describes where each output row comes from: part index and row within that part (-1: null).
struct RowSource {
  int part = -1;
  uint32_t row = 0;
};

ColumnVectorPtr Assemble(const DataType& type, const Columns& parts,
                         const std::vector<RowSource>& sources) {
  ColumnBuilder builder(type, sources.size());
  for (const auto& source : sources) {
    if (source.part < 0)
      builder.AppendNull();
    else
      builder.AppendFrom(*parts[source.part], source.row);
  }
  return builder.Finish();
}

enum class Truth : uint8_t { kFalse, kTrue, kNull };

Truth TruthAt(const ColumnVector& column, size_t row) {
  if (column.IsNull(row)) return Truth::kNull;
  return column.ValueAt<bool>(row) ? Truth::kTrue : Truth::kFalse;
}

/// Evaluates AND (`is_and`) or OR with Spark's three-valued logic, evaluating the right side
/// only on rows the left side does not decide.
ColumnVectorPtr EvalConnective(const CompiledExpr& node, bool is_and, const Columns& input,
                               size_t num_rows, const EvalContext& context) {
  ColumnVectorPtr left = Eval(*node.children[0], input, num_rows, context);
  Truth deciding = is_and ? Truth::kFalse : Truth::kTrue;
  std::vector<uint32_t> undecided;
  for (size_t i = 0; i < num_rows; ++i) {
    if (TruthAt(*left, i) != deciding) undecided.push_back(static_cast<uint32_t>(i));
  }
  if (undecided.empty()) return left;
  ColumnVectorPtr right = undecided.size() == num_rows
                              ? Eval(*node.children[1], input, num_rows, context)
                              : EvalOnRows(*node.children[1], input, undecided, context);
  auto out = ColumnVector::MakeFlat(TypeId::kBoolean, num_rows);
  bool* values = out->mutable_data<bool>();
  size_t next = 0;
  for (size_t i = 0; i < num_rows; ++i) {
    Truth l = TruthAt(*left, i);
    Truth result = l;
    if (l != deciding) {
      size_t r_row = undecided.size() == num_rows ? i : next;
      ++next;
      Truth r = TruthAt(*right, r_row);
      if (r == deciding)
        result = deciding;
      else if (l == Truth::kNull || r == Truth::kNull)
        result = Truth::kNull;
      else
        result = r;
    }
    values[i] = result == Truth::kTrue;
    if (result == Truth::kNull) out->SetNull(i);
  }
  return out;
}

ColumnVectorPtr EvalCaseWhen(const CompiledExpr& node, const Columns& input, size_t num_rows,
                             const EvalContext& context) {
  std::vector<uint32_t> remaining(num_rows);
  for (size_t i = 0; i < num_rows; ++i) remaining[i] = static_cast<uint32_t>(i);
  Columns parts;
  std::vector<RowSource> sources(num_rows);
  size_t i = 0;
  for (; i + 1 < node.children.size() && !remaining.empty(); i += 2) {
    ColumnVectorPtr condition = EvalOnRows(*node.children[i], input, remaining, context);
    std::vector<uint32_t> taken, rest;
    for (size_t k = 0; k < remaining.size(); ++k) {
      (TruthAt(*condition, k) == Truth::kTrue ? taken : rest).push_back(remaining[k]);
    }
    if (!taken.empty()) {
      parts.push_back(EvalOnRows(*node.children[i + 1], input, taken, context));
      for (size_t k = 0; k < taken.size(); ++k) {
        sources[taken[k]] = {static_cast<int>(parts.size() - 1), static_cast<uint32_t>(k)};
      }
    }
    remaining = std::move(rest);
  }
  bool has_else = node.children.size() % 2 == 1;
  if (has_else && !remaining.empty()) {
    parts.push_back(EvalOnRows(*node.children.back(), input, remaining, context));
    for (size_t k = 0; k < remaining.size(); ++k) {
      sources[remaining[k]] = {static_cast<int>(parts.size() - 1), static_cast<uint32_t>(k)};
    }
  }
  return Assemble(node.type, parts, sources);
}

ColumnVectorPtr EvalCoalesce(const CompiledExpr& node, const Columns& input, size_t num_rows,
                             const EvalContext& context) {
  std::vector<uint32_t> remaining(num_rows);
  for (size_t i = 0; i < num_rows; ++i) remaining[i] = static_cast<uint32_t>(i);
  Columns parts;
  std::vector<RowSource> sources(num_rows);
  for (const auto& child : node.children) {
    if (remaining.empty()) break;
    parts.push_back(remaining.size() == num_rows ? Eval(*child, input, num_rows, context)
                                                 : EvalOnRows(*child, input, remaining, context));
    std::vector<uint32_t> rest;
    for (size_t k = 0; k < remaining.size(); ++k) {
      if (parts.back()->IsNull(k))
        rest.push_back(remaining[k]);
      else
        sources[remaining[k]] = {static_cast<int>(parts.size() - 1), static_cast<uint32_t>(k)};
    }
    remaining = std::move(rest);
  }
  return Assemble(node.type, parts, sources);
}

/// Computes a kernel whose arguments are one dictionary column and constants over the distinct
/// dictionary entries instead of every row, then maps each row to its entry's result: `upper`,
/// `=`, `like` or a cast of a low-cardinality string column costs one call per distinct value.
/// A null row maps to an extra entry evaluated on null, so the kernel decides what null gives.
/// Returns nullptr when that does not apply or does not pay (a dictionary larger than the batch,
/// unless the result is cached), or when the kernel throws on some entry: rows may not reference
/// that entry, so the caller evaluates row by row and raises only for a row that holds it.
ColumnVectorPtr EvalOverDictionary(const CompiledExpr& node, const Columns& args, size_t num_rows,
                                   const EvalContext& context) {
  int encoded = -1;
  bool cacheable = true;
  for (size_t k = 0; k < args.size(); ++k) {
    if (args[k]->is_dictionary()) {
      if (encoded >= 0) return nullptr;
      encoded = static_cast<int>(k);
    } else if (!args[k]->is_constant()) {
      return nullptr;
    } else if (node.children[k]->op != CompiledExpr::Op::kLiteral) {
      cacheable = false;  // a constant that may differ from batch to batch
    }
  }
  if (encoded < 0) return nullptr;
  const ColumnVector& column = *args[encoded];
  const ColumnVectorPtr& dictionary = column.dictionary();
  size_t entries = dictionary->size() + 1;
  CompiledExpr::DictionaryResult computed;
  if (cacheable && node.dictionary_cache.dictionary == dictionary) {
    computed = node.dictionary_cache;
  } else {
    if (entries > num_rows) return nullptr;
    Columns entry_args(args.size());
    for (size_t k = 0; k < args.size(); ++k) {
      entry_args[k] = static_cast<int>(k) == encoded
                          ? DictionaryEntriesWithNull(*dictionary)
                          : ColumnVector::MakeConstant(args[k]->GetValue(0), entries);
    }
    computed.dictionary = dictionary;
    try {
      computed.result = node.kernel(context, entry_args, entries)->Flatten();
    } catch (const Error&) {
      return nullptr;
    }
    const ColumnVector& result = *computed.result;
    computed.entry_results = result.Slice(0, entries - 1);
    bool entries_valid = !computed.entry_results->may_have_nulls();
    if (result.type().IsStringLike() && entries_valid && result.IsNull(entries - 1)) {
      computed.result_dictionary = computed.entry_results;
    }
    if (cacheable) node.dictionary_cache = computed;
  }
  const int32_t* indices = column.dictionary_indices();
  if (computed.result_dictionary != nullptr) {
    // Same indices over the results; null rows stay null (the null entry gave null).
    auto out = ColumnVector::MakeDictionary(computed.result_dictionary, num_rows);
    std::memcpy(out->mutable_dictionary_indices(), indices, num_rows * sizeof(int32_t));
    if (column.may_have_nulls()) {
      uint64_t* validity = out->mutable_validity();
      for (size_t i = 0; i < num_rows; ++i) {
        if (column.IsNull(i)) validity[i >> 6] &= ~(uint64_t{1} << (i & 63));
      }
    }
    return out;
  }
  if (!column.may_have_nulls()) {
    // Indices are in [0, entries - 1), so they index the entries' results directly.
    return computed.entry_results->Gather(reinterpret_cast<const uint32_t*>(indices), num_rows);
  }
  std::vector<uint32_t> rows(num_rows);
  auto null_entry = static_cast<uint32_t>(entries - 1);
  for (size_t i = 0; i < num_rows; ++i) {
    rows[i] = column.IsNull(i) ? null_entry : static_cast<uint32_t>(indices[i]);
  }
  return computed.result->Gather(rows.data(), num_rows);
}

ColumnVectorPtr Eval(const CompiledExpr& node, const Columns& input, size_t num_rows,
                     const EvalContext& context) {
  switch (node.op) {
    case CompiledExpr::Op::kColumn:
      return input[node.index];
    case CompiledExpr::Op::kLiteral:
      return ColumnVector::MakeConstant(node.literal, num_rows);
    case CompiledExpr::Op::kAnd:
      return EvalConnective(node, true, input, num_rows, context);
    case CompiledExpr::Op::kOr:
      return EvalConnective(node, false, input, num_rows, context);
    case CompiledExpr::Op::kCaseWhen:
      return EvalCaseWhen(node, input, num_rows, context);
    case CompiledExpr::Op::kCoalesce:
      return EvalCoalesce(node, input, num_rows, context);
    case CompiledExpr::Op::kKernel: {
      Columns args;
      args.reserve(node.children.size());
      for (const auto& child : node.children)
        args.push_back(Eval(*child, input, num_rows, context));
      if (ColumnVectorPtr result = EvalOverDictionary(node, args, num_rows, context)) return result;
      return node.kernel(context, args, num_rows);
    }
  }
  return nullptr;
}

}  // namespace

ExpressionEvaluator::ExpressionEvaluator(const std::vector<ExprPtr>& exprs,
                                         const FunctionRegistry& registry, EvalContext context)
    : context_(context) {
  for (const auto& expr : exprs) {
    compiled_.push_back(Compile(expr, registry));
    for (int column : compiled_.back()->referenced) referenced_.push_back(column);
  }
  std::sort(referenced_.begin(), referenced_.end());
  referenced_.erase(std::unique(referenced_.begin(), referenced_.end()), referenced_.end());
}

ExpressionEvaluator::~ExpressionEvaluator() = default;
ExpressionEvaluator::ExpressionEvaluator(ExpressionEvaluator&&) noexcept = default;
ExpressionEvaluator& ExpressionEvaluator::operator=(ExpressionEvaluator&&) noexcept = default;

std::vector<ColumnVectorPtr> ExpressionEvaluator::Evaluate(const Batch& batch) const {
  Columns input = batch.columns();
  if (const auto& selection = batch.selection()) {
    // Gather only the columns the expressions read.
    Columns dense(input.size());
    for (int column : referenced_) {
      dense[column] = input[column]->Gather(selection->data(), selection->size());
    }
    input = std::move(dense);
  }
  std::vector<ColumnVectorPtr> out;
  out.reserve(compiled_.size());
  for (const auto& node : compiled_) out.push_back(Eval(*node, input, batch.num_rows(), context_));
  return out;
}

std::shared_ptr<const SelectionVector> ExpressionEvaluator::Select(const Batch& batch) const {
  EMBER_CHECK(compiled_.size() == 1);
  ColumnVectorPtr result = Evaluate(batch)[0];
  auto selection = std::make_shared<SelectionVector>();
  size_t rows = batch.num_rows();
  selection->reserve(rows);
  const auto* live = batch.selection().get();
  if (result->is_constant()) {
    if (result->IsNull(0) || !result->ValueAt<bool>(0)) return selection;
    for (size_t i = 0; i < rows; ++i)
      selection->push_back(live ? (*live)[i] : static_cast<uint32_t>(i));
    return selection;
  }
  const bool* values = result->data<bool>();
  const uint64_t* validity = result->validity();
  for (size_t i = 0; i < rows; ++i) {
    bool keep = values[i] && (validity == nullptr || ((validity[i >> 6] >> (i & 63)) & 1));
    if (keep) selection->push_back(live ? (*live)[i] : static_cast<uint32_t>(i));
  }
  return selection;
}

std::optional<Value> FoldConstant(const ExprPtr& expr, const FunctionRegistry& registry,
                                  EvalContext context) {
  bool constant = true;
  VisitExpr(expr, [&](const ExprPtr& node) {
    constant &= node->kind == ExprKind::kLiteral || node->kind == ExprKind::kCast ||
                node->kind == ExprKind::kCall || node->kind == ExprKind::kAlias;
  });
  if (!constant) return std::nullopt;
  try {
    return ExpressionEvaluator({expr}, registry, context).Evaluate(Batch({}, 1))[0]->GetValue(0);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::vector<int> ReferencedColumns(const ExprPtr& expr) {
  std::vector<int> out;
  VisitExpr(expr, [&](const ExprPtr& node) {
    if (node->kind == ExprKind::kBoundReference) out.push_back(node->index);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ember
