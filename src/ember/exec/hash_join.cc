// Hash join and nested-loop join. The build side is drained into one batch; probe batches
// stream through. Output columns are always the left side's, then the right side's (only the
// left's for semi and anti joins); rows missing on one side of an outer join are null there.

#include <algorithm>
#include <deque>

#include "ember/exec/internal/operators.h"
#include "ember/exec/key_table.h"
#include "ember/expr/evaluator.h"

namespace ember::operators {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

/// Gathers rows of `column`; index kNone yields null.
ColumnVectorPtr GatherOrNull(const ColumnVector& column, const std::vector<uint32_t>& rows) {
  bool any_none = std::find(rows.begin(), rows.end(), kNone) != rows.end();
  if (!any_none) return column.Gather(rows.data(), rows.size());
  ColumnBuilder builder(column.type(), rows.size());
  for (uint32_t row : rows) {
    if (row == kNone)
      builder.AppendNull();
    else
      builder.AppendFrom(column, row);
  }
  return builder.Finish();
}

bool ProbePreserved(JoinType type, int build_side) {
  switch (type) {
    case JoinType::kLeftOuter:
      return build_side == 1;
    case JoinType::kRightOuter:
      return build_side == 0;
    case JoinType::kFullOuter:
      return true;
    default:
      return false;
  }
}

bool BuildPreserved(JoinType type, int build_side) {
  switch (type) {
    case JoinType::kLeftOuter:
      return build_side == 0;
    case JoinType::kRightOuter:
      return build_side == 1;
    case JoinType::kFullOuter:
      return true;
    default:
      return false;
  }
}

/// Shared by both join operators: pairs of (probe row, build row) become output batches.
class JoinBase : public Operator {
 public:
  JoinBase(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan, TaskContext& context)
      : probe_(std::move(probe)),
        build_(std::move(build)),
        type_(plan.join_type),
        build_side_(plan.build_side),
        build_schema_(plan.children[plan.build_side]->schema),
        probe_schema_(plan.children[1 - plan.build_side]->schema),
        batch_size_(context.batch_size) {
    if (plan.condition)
      condition_ = std::make_unique<ExpressionEvaluator>(std::vector<ExprPtr>{plan.condition},
                                                         *context.registry, context.eval);
  }

  BatchPtr Next() override {
    if (!built_) {
      built_ = true;
      std::vector<BatchPtr> batches = Drain(*build_);
      build_.reset();
      build_batch_ = ConcatBatches(batches, build_schema_);
      build_matched_.assign(build_batch_->num_rows(), 0);
      Build();
    }
    while (true) {
      if (!pending_.empty()) {
        BatchPtr out = std::move(pending_.front());
        pending_.pop_front();
        return out;
      }
      if (probe_done_) return nullptr;
      BatchPtr batch = probe_->Next();
      if (!batch) {
        probe_done_ = true;
        probe_.reset();
        EmitUnmatchedBuild();
        continue;
      }
      ProcessProbe(DenseBatch(batch));
    }
  }

 protected:
  /// Prepares the build side (hash table or nothing).
  virtual void Build() = 0;
  /// Appends candidate matches of the probe rows to `probe_rows`/`build_rows`.
  virtual void FindCandidates(const Batch& probe, std::vector<uint32_t>& probe_rows,
                              std::vector<uint32_t>& build_rows) = 0;

  const BatchPtr& build_batch() const { return build_batch_; }
  int build_side() const { return build_side_; }

 private:
  /// Lays out joined rows as left columns then right columns.
  BatchPtr Assemble(const Batch& probe, const std::vector<uint32_t>& probe_rows,
                    const std::vector<uint32_t>& build_rows, bool probe_only) {
    std::vector<ColumnVectorPtr> probe_columns, build_columns;
    for (const auto& column : probe.columns())
      probe_columns.push_back(GatherOrNull(*column, probe_rows));
    std::vector<ColumnVectorPtr> columns;
    if (probe_only) {
      columns = std::move(probe_columns);
    } else {
      for (const auto& column : build_batch_->columns()) {
        build_columns.push_back(GatherOrNull(*column, build_rows));
      }
      const auto& left = build_side_ == 1 ? probe_columns : build_columns;
      const auto& right = build_side_ == 1 ? build_columns : probe_columns;
      columns = left;
      columns.insert(columns.end(), right.begin(), right.end());
    }
    return std::make_shared<Batch>(std::move(columns), probe_rows.size());
  }

  void ProcessProbe(const BatchPtr& probe) {
    std::vector<uint32_t> probe_rows, build_rows;
    FindCandidates(*probe, probe_rows, build_rows);
    if (condition_ && !probe_rows.empty()) {
      BatchPtr candidates = Assemble(*probe, probe_rows, build_rows, false);
      auto keep = condition_->Select(*candidates);
      std::vector<uint32_t> p, b;
      for (uint32_t k : *keep) {
        p.push_back(probe_rows[k]);
        b.push_back(build_rows[k]);
      }
      probe_rows.swap(p);
      build_rows.swap(b);
    }
    for (uint32_t b : build_rows) build_matched_[b] = 1;
    size_t probe_count = probe->num_rows();
    if (type_ == JoinType::kLeftSemi || type_ == JoinType::kLeftAnti) {
      std::vector<uint8_t> matched(probe_count, 0);
      for (uint32_t p : probe_rows) matched[p] = 1;
      std::vector<uint32_t> rows;
      for (size_t i = 0; i < probe_count; ++i) {
        if ((matched[i] != 0) == (type_ == JoinType::kLeftSemi))
          rows.push_back(static_cast<uint32_t>(i));
      }
      Emit(*probe, rows, {}, true);
      return;
    }
    if (ProbePreserved(type_, build_side_)) {
      // Keep probe order: each probe row's matches, or one null-extended row.
      std::vector<uint32_t> starts(probe_count + 1, 0);
      for (uint32_t p : probe_rows) ++starts[p + 1];
      for (size_t i = 0; i < probe_count; ++i) starts[i + 1] += starts[i];
      std::vector<uint32_t> p_out, b_out;
      size_t k = 0;
      // Candidates come grouped by probe row in increasing order.
      for (size_t i = 0; i < probe_count; ++i) {
        size_t count = starts[i + 1] - starts[i];
        if (count == 0) {
          p_out.push_back(static_cast<uint32_t>(i));
          b_out.push_back(kNone);
        }
        for (size_t c = 0; c < count; ++c, ++k) {
          p_out.push_back(probe_rows[k]);
          b_out.push_back(build_rows[k]);
        }
      }
      Emit(*probe, p_out, b_out, false);
      return;
    }
    Emit(*probe, probe_rows, build_rows, false);
  }

  void Emit(const Batch& probe, const std::vector<uint32_t>& probe_rows,
            const std::vector<uint32_t>& build_rows, bool probe_only) {
    for (size_t offset = 0; offset < probe_rows.size(); offset += batch_size_) {
      size_t end = std::min(probe_rows.size(), offset + batch_size_);
      std::vector<uint32_t> p(probe_rows.begin() + offset, probe_rows.begin() + end);
      std::vector<uint32_t> b;
      if (!probe_only) b.assign(build_rows.begin() + offset, build_rows.begin() + end);
      pending_.push_back(Assemble(probe, p, b, probe_only));
    }
  }

  void EmitUnmatchedBuild() {
    if (!BuildPreserved(type_, build_side_)) return;
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < build_matched_.size(); ++i) {
      if (!build_matched_[i]) rows.push_back(static_cast<uint32_t>(i));
    }
    if (rows.empty()) return;
    // The probe side has no row: build a one-row all-null probe batch to gather from.
    std::vector<ColumnVectorPtr> nulls;
    for (const auto& field : probe_schema_.fields())
      nulls.push_back(ColumnVector::MakeNulls(field.type, 1));
    Batch empty_probe(std::move(nulls), 1);
    std::vector<uint32_t> probe_rows(rows.size(), kNone);
    Emit(empty_probe, probe_rows, rows, false);
  }

 private:
  OperatorPtr probe_;
  OperatorPtr build_;
  JoinType type_;
  int build_side_;
  Schema build_schema_;
  Schema probe_schema_;
  int batch_size_;
  std::unique_ptr<ExpressionEvaluator> condition_;
  bool built_ = false;
  bool probe_done_ = false;
  BatchPtr build_batch_;
  std::vector<uint8_t> build_matched_;
  std::deque<BatchPtr> pending_;
};

class HashJoinOperator final : public JoinBase {
 public:
  HashJoinOperator(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan,
                   TaskContext& context)
      : JoinBase(std::move(probe), std::move(build), plan, context),
        probe_keys_(plan.build_side == 1 ? plan.left_keys : plan.right_keys, *context.registry,
                    context.eval),
        build_keys_(plan.build_side == 1 ? plan.right_keys : plan.left_keys, *context.registry,
                    context.eval) {
    const auto& keys = plan.build_side == 1 ? plan.right_keys : plan.left_keys;
    int_keys_ = keys.size() == 1 && IsIntKeyType(keys[0]->type);
  }

 protected:
  void Build() override {
    const Batch& build = *build_batch();
    std::vector<ColumnVectorPtr> keys = build_keys_.Evaluate(build);
    size_t rows = build.num_rows();
    next_.assign(rows, kNone);
    bool inserted = false;
    if (!int_keys_) encoder_.Encode(keys, rows);
    // Insert in reverse so that each chain lists build rows in their original order.
    for (size_t r = rows; r-- > 0;) {
      uint32_t id;
      if (int_keys_) {
        if (keys[0]->IsNull(r)) continue;
        id = int_table_.FindOrInsert(IntKeyAt(*keys[0], r), &inserted);
      } else {
        if (encoder_.HasNull(r)) continue;
        id = table_.FindOrInsert(encoder_.Key(r), encoder_.Hash(r), &inserted);
      }
      if (id >= heads_.size()) heads_.resize(id + 1, kNone);
      next_[r] = heads_[id];
      heads_[id] = static_cast<uint32_t>(r);
    }
  }

  void FindCandidates(const Batch& probe, std::vector<uint32_t>& probe_rows,
                      std::vector<uint32_t>& build_rows) override {
    std::vector<ColumnVectorPtr> keys = probe_keys_.Evaluate(probe);
    size_t rows = probe.num_rows();
    if (!int_keys_) encoder_.Encode(keys, rows);
    for (size_t i = 0; i < rows; ++i) {
      uint32_t id;
      if (int_keys_) {
        if (keys[0]->IsNull(i)) continue;
        id = int_table_.Find(IntKeyAt(*keys[0], i));
      } else {
        if (encoder_.HasNull(i)) continue;
        id = table_.Find(encoder_.Key(i), encoder_.Hash(i));
      }
      if (id == kNone) continue;
      for (uint32_t b = heads_[id]; b != kNone; b = next_[b]) {
        probe_rows.push_back(static_cast<uint32_t>(i));
        build_rows.push_back(b);
      }
    }
  }

 private:
  ExpressionEvaluator probe_keys_;
  ExpressionEvaluator build_keys_;
  bool int_keys_ = false;
  KeyEncoder encoder_;
  KeyTable table_;
  IntKeyTable int_table_;
  std::vector<uint32_t> heads_;
  std::vector<uint32_t> next_;
};

class NestedLoopJoinOperator final : public JoinBase {
 public:
  using JoinBase::JoinBase;

 protected:
  void Build() override {}
  void FindCandidates(const Batch& probe, std::vector<uint32_t>& probe_rows,
                      std::vector<uint32_t>& build_rows) override {
    size_t build_count = build_batch()->num_rows();
    for (size_t i = 0; i < probe.num_rows(); ++i) {
      for (size_t b = 0; b < build_count; ++b) {
        probe_rows.push_back(static_cast<uint32_t>(i));
        build_rows.push_back(static_cast<uint32_t>(b));
      }
    }
  }
};

}  // namespace

OperatorPtr HashJoin(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan,
                     TaskContext& context) {
  return std::make_unique<HashJoinOperator>(std::move(probe), std::move(build), plan, context);
}

OperatorPtr NestedLoopJoin(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan,
                           TaskContext& context) {
  return std::make_unique<NestedLoopJoinOperator>(std::move(probe), std::move(build), plan,
                                                  context);
}

}  // namespace ember::operators
