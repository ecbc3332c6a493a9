#include "ember/columnar/column.h"

#include <bit>
#include <cstring>
#include <vector>

#include "ember/common/error.h"

namespace ember {

std::shared_ptr<ColumnVector> ColumnVector::MakeFlat(DataType type, size_t size) {
  EMBER_CHECK(!type.IsStringLike(), "use MakeStrings for ", type.SimpleString());
  auto column = std::shared_ptr<ColumnVector>(new ColumnVector(type, size));
  column->values_.Resize(size * type.PhysicalWidth());
  return column;
}

std::shared_ptr<ColumnVector> ColumnVector::MakeStrings(DataType type, size_t capacity) {
  auto column = std::shared_ptr<ColumnVector>(new ColumnVector(type, 0));
  column->values_.Reserve((capacity + 1) * sizeof(int32_t));
  column->values_.Resize(sizeof(int32_t));
  column->values_.as<int32_t>()[0] = 0;
  return column;
}

std::shared_ptr<ColumnVector> ColumnVector::MakeDictionary(ColumnVectorPtr dictionary,
                                                           size_t size) {
  EMBER_CHECK(dictionary->type().IsStringLike() && !dictionary->is_constant() &&
                  !dictionary->is_dictionary() && !dictionary->may_have_nulls(),
              "a dictionary must be a flat string column without nulls");
  EMBER_CHECK(size == 0 || dictionary->size() > 0, "an empty dictionary cannot encode rows");
  auto column = std::shared_ptr<ColumnVector>(new ColumnVector(dictionary->type(), size));
  column->values_.Resize(size * sizeof(int32_t));
  column->dictionary_ = std::move(dictionary);
  return column;
}

size_t ColumnVector::ByteSize() const {
  if (!dictionary_) return values_.size() + chars_.size() + validity_.size();
  size_t entries = dictionary_->size();
  size_t average_length = entries == 0 ? 0 : dictionary_->chars_.size() / entries;
  return size_ * (sizeof(int32_t) + average_length) + validity_.size();
}

void ColumnVector::AppendString(std::string_view value) {
  EMBER_CHECK(!dictionary_, "cannot append to a dictionary column");
  size_t old_chars = chars_.size();
  if (old_chars + value.size() > static_cast<size_t>(INT32_MAX)) {
    Throw(ErrorKind::kResourceExhausted, "", "A batch of strings exceeds 2 GiB; lower ",
          "ember.batch.size.");
  }
  chars_.Resize(old_chars + value.size());
  if (!value.empty()) std::memcpy(chars_.data() + old_chars, value.data(), value.size());
  values_.Resize((size_ + 2) * sizeof(int32_t));
  values_.as<int32_t>()[size_ + 1] = static_cast<int32_t>(chars_.size());
  ++size_;
  if (may_have_nulls()) {
    validity_.Resize(BitmapWords(size_) * 8);
    SetValid(size_ - 1);
  }
}

void ColumnVector::AppendNullString() {
  AppendString({});
  SetNull(size_ - 1);
}

uint64_t* ColumnVector::mutable_validity() {
  size_t rows = constant_ ? 1 : size_;
  size_t bytes = BitmapWords(rows) * 8;
  if (validity_.size() < bytes) {
    size_t old = validity_.size();
    validity_.Resize(bytes);
    std::memset(validity_.data() + old, 0xFF, bytes - old);
  }
  return validity_.as<uint64_t>();
}

size_t ColumnVector::NullCount() const {
  if (!may_have_nulls()) return 0;
  if (constant_) return IsNull(0) ? size_ : 0;
  size_t valid = 0;
  const uint64_t* bits = validity_.as<uint64_t>();
  size_t full_words = size_ / 64;
  for (size_t w = 0; w < full_words; ++w) valid += std::popcount(bits[w]);
  for (size_t i = full_words * 64; i < size_; ++i) valid += (bits[i >> 6] >> (i & 63)) & 1;
  return size_ - valid;
}

ColumnVectorPtr ColumnVector::MakeConstant(const Value& value, size_t size) {
  DataType type = value.type();
  std::shared_ptr<ColumnVector> column;
  if (type.IsStringLike()) {
    column = MakeStrings(type, 1);
    if (value.is_null())
      column->AppendNullString();
    else
      column->AppendString(value.AsString());
  } else {
    column = MakeFlat(type, 1);
    DispatchFixedWidth(type, [&]<typename T>() {
      column->mutable_data<T>()[0] = value.is_null() ? T{} : value.Get<T>();
    });
    if (value.is_null()) column->SetNull(0);
  }
  column->constant_ = true;
  column->size_ = size;
  return column;
}

ColumnVectorPtr ColumnVector::MakeNulls(DataType type, size_t size) {
  return MakeConstant(Value::Null(type), size);
}

Value ColumnVector::GetValue(size_t i) const {
  if (IsNull(i)) return Value::Null(type_);
  switch (type_.id()) {
    case TypeId::kBoolean:
      return Value::Boolean(ValueAt<bool>(i));
    case TypeId::kByte:
      return Value::Byte(ValueAt<int8_t>(i));
    case TypeId::kShort:
      return Value::Short(ValueAt<int16_t>(i));
    case TypeId::kInt:
      return Value::Int(ValueAt<int32_t>(i));
    case TypeId::kLong:
      return Value::Long(ValueAt<int64_t>(i));
    case TypeId::kFloat:
      return Value::Float(ValueAt<float>(i));
    case TypeId::kDouble:
      return Value::Double(ValueAt<double>(i));
    case TypeId::kDecimal:
      return Value::Decimal(ValueAt<int128_t>(i), type_);
    case TypeId::kString:
      return Value::String(std::string(StringAt(i)));
    case TypeId::kBinary:
      return Value::Binary(std::string(StringAt(i)));
    case TypeId::kDate:
      return Value::Date(ValueAt<int32_t>(i));
    case TypeId::kTimestamp:
      return Value::Timestamp(ValueAt<int64_t>(i));
    case TypeId::kNull:
      return Value::Null(type_);
  }
  return Value();
}

ColumnVectorPtr ColumnVector::Flatten() const {
  if (dictionary_) {
    const int32_t* rows = values_.as<int32_t>();
    std::shared_ptr<ColumnVector> out = MakeStrings(type_, size_);
    auto row_value = [&](size_t i) {
      return IsNull(i) ? std::string_view() : dictionary_->StringAt(rows[i]);
    };
    size_t total = 0;
    for (size_t i = 0; i < size_; ++i) total += row_value(i).size();
    out->chars_.Reserve(total);
    for (size_t i = 0; i < size_; ++i) out->AppendString(row_value(i));
    if (may_have_nulls()) {
      size_t bytes = BitmapWords(size_) * 8;
      out->validity_.Resize(bytes);
      std::memcpy(out->validity_.data(), validity_.data(), bytes);
    }
    return out;
  }
  if (!constant_) return shared_from_this();
  std::vector<uint32_t> zeros(size_, 0);
  return Gather(zeros.data(), size_);
}

ColumnBuffers ColumnVector::Buffers() const {
  EMBER_CHECK(!constant_ && !dictionary_, "Buffers() needs a flat column; call Flatten() first");
  ColumnBuffers buffers;
  if (NullCount() > 0) {
    buffers.validity = std::string_view(validity_.as<char>(), BitmapWords(size_) * 8);
  }
  if (type_.IsStringLike()) {
    const int32_t* offsets = values_.as<int32_t>();
    buffers.offsets = std::string_view(values_.as<char>(), (size_ + 1) * sizeof(int32_t));
    buffers.chars = std::string_view(chars_.as<char>() + offsets[0], offsets[size_] - offsets[0]);
  } else {
    buffers.values = std::string_view(values_.as<char>(), size_ * type_.PhysicalWidth());
  }
  return buffers;
}

ColumnVectorPtr ColumnVector::FromBuffers(DataType type, size_t rows, const ColumnBuffers& buffers,
                                          std::string* problem) {
  auto fail = [&](std::string what) -> ColumnVectorPtr {
    *problem = std::move(what);
    return nullptr;
  };
  std::shared_ptr<ColumnVector> column;
  // The data buffers are checked before the bitmap: their sizes bound `rows`, so the bitmap's
  // size computed from it cannot overflow.
  if (type.IsStringLike()) {
    const std::string_view raw = buffers.offsets;
    if (raw.size() < sizeof(int32_t) || raw.size() % sizeof(int32_t) != 0 ||
        raw.size() / sizeof(int32_t) - 1 != rows) {
      return fail(StrCat(rows, " rows of ", type.SimpleString(), " need ", rows + 1,
                         " offsets, found ", raw.size(), " bytes of offsets"));
    }
    std::vector<int32_t> offsets(rows + 1);
    std::memcpy(offsets.data(), raw.data(), raw.size());
    for (size_t i = 0; i < rows; ++i) {
      if (offsets[i + 1] < offsets[i]) {
        return fail(StrCat("string offsets go backwards at row ", i));
      }
    }
    int64_t span = int64_t{offsets[rows]} - offsets[0];
    if (span != static_cast<int64_t>(buffers.chars.size())) {
      return fail(StrCat("string offsets span ", span, " bytes but ", buffers.chars.size(),
                         " bytes of characters follow"));
    }
    if (span > INT32_MAX) return fail("string bytes exceed 2 GiB");
    column = std::shared_ptr<ColumnVector>(new ColumnVector(type, rows));
    column->values_.Resize(offsets.size() * sizeof(int32_t));
    int32_t* rebased = column->values_.as<int32_t>();
    for (size_t i = 0; i <= rows; ++i) rebased[i] = offsets[i] - offsets[0];
    column->chars_.Resize(buffers.chars.size());
    if (!buffers.chars.empty()) {
      std::memcpy(column->chars_.data(), buffers.chars.data(), buffers.chars.size());
    }
  } else {
    size_t width = type.PhysicalWidth();
    if (buffers.values.size() % width != 0 || buffers.values.size() / width != rows) {
      return fail(StrCat(rows, " rows of ", type.SimpleString(), " need ", width,
                         " bytes each, found ", buffers.values.size(), " bytes"));
    }
    column = MakeFlat(type, rows);
    if (rows > 0) std::memcpy(column->values_.data(), buffers.values.data(), buffers.values.size());
    if (type.id() == TypeId::kBoolean) {
      // Any byte but 0 or 1 would be an invalid bool.
      uint8_t* bytes = column->values_.data();
      for (size_t i = 0; i < rows; ++i) bytes[i] = bytes[i] != 0;
    }
  }
  if (!buffers.validity.empty()) {
    size_t bytes = BitmapWords(rows) * 8;
    if (buffers.validity.size() != bytes) {
      return fail(StrCat("the validity bitmap of ", rows, " rows needs ", bytes, " bytes, found ",
                         buffers.validity.size()));
    }
    std::memcpy(column->mutable_validity(), buffers.validity.data(), bytes);
  }
  return column;
}

ColumnVectorPtr ColumnVector::Gather(const uint32_t* indices, size_t count) const {
  size_t step = constant_ ? 0 : 1;
  std::shared_ptr<ColumnVector> out;
  if (dictionary_) {
    out = MakeDictionary(dictionary_, count);
    const int32_t* in = values_.as<int32_t>();
    int32_t* dst = out->mutable_dictionary_indices();
    for (size_t i = 0; i < count; ++i) dst[i] = in[indices[i]];
  } else if (type_.IsStringLike()) {
    out = MakeStrings(type_, count);
    const int32_t* offsets = values_.as<int32_t>();
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) {
      size_t row = indices[i] * step;
      total += offsets[row + 1] - offsets[row];
    }
    out->chars_.Reserve(total);
    for (size_t i = 0; i < count; ++i) out->AppendString(StringAt(indices[i] * step));
  } else {
    out = MakeFlat(type_, count);
    DispatchFixedWidth(type_, [&]<typename T>() {
      const T* in = values_.as<T>();
      T* dst = out->mutable_data<T>();
      if (step == 0) {
        for (size_t i = 0; i < count; ++i) dst[i] = in[0];
      } else {
        for (size_t i = 0; i < count; ++i) dst[i] = in[indices[i]];
      }
    });
  }
  if (may_have_nulls()) {
    for (size_t i = 0; i < count; ++i) {
      if (IsNull(indices[i] * step)) out->SetNull(i);
    }
  }
  return out;
}

ColumnVectorPtr ColumnVector::Slice(size_t offset, size_t length) const {
  std::vector<uint32_t> indices(length);
  for (size_t i = 0; i < length; ++i) indices[i] = static_cast<uint32_t>(offset + i);
  return Gather(indices.data(), length);
}

ColumnVectorPtr DictionaryEntriesWithNull(const ColumnVector& dictionary) {
  auto entries = ColumnVector::MakeStrings(dictionary.type(), dictionary.size() + 1);
  for (size_t i = 0; i < dictionary.size(); ++i) entries->AppendString(dictionary.StringAt(i));
  entries->AppendNullString();
  return entries;
}

ColumnBuilder::ColumnBuilder(DataType type, size_t capacity) : type_(type) {
  if (type.IsStringLike()) {
    column_ = ColumnVector::MakeStrings(type, capacity);
  } else {
    column_ = ColumnVector::MakeFlat(type, capacity);
    capacity_ = capacity;
  }
}

void ColumnBuilder::Grow() {
  capacity_ = std::max<size_t>(16, capacity_ * 2);
  column_->values_.Resize(capacity_ * type_.PhysicalWidth());
  if (column_->may_have_nulls()) {
    size_t old = column_->validity_.size();
    size_t bytes = ColumnVector::BitmapWords(capacity_) * 8;
    column_->validity_.Resize(bytes);
    std::memset(column_->validity_.data() + old, 0xFF, bytes - old);
  }
}

void ColumnBuilder::AppendNull() {
  if (type_.IsStringLike()) {
    column_->AppendNullString();
  } else {
    if (size_ == capacity_) Grow();
    column_->size_ = capacity_;  // lets mutable_validity size the bitmap for all capacity
    DispatchFixedWidth(type_, [&]<typename T>() { column_->mutable_data<T>()[size_] = T{}; });
    column_->SetNull(size_);
  }
  ++size_;
}

void ColumnBuilder::Append(const Value& value) {
  if (value.is_null()) return AppendNull();
  if (type_.IsStringLike()) {
    column_->AppendString(value.AsString());
  } else {
    if (size_ == capacity_) Grow();
    DispatchFixedWidth(type_,
                       [&]<typename T>() { column_->mutable_data<T>()[size_] = value.Get<T>(); });
  }
  ++size_;
}

void ColumnBuilder::AppendFrom(const ColumnVector& column, size_t row) {
  if (column.IsNull(row)) return AppendNull();
  if (type_.IsStringLike()) {
    column_->AppendString(column.StringAt(row));
  } else {
    if (size_ == capacity_) Grow();
    DispatchFixedWidth(
        type_, [&]<typename T>() { column_->mutable_data<T>()[size_] = column.ValueAt<T>(row); });
  }
  ++size_;
}

ColumnVectorPtr ColumnBuilder::Finish() {
  column_->size_ = size_;
  auto result = std::move(column_);
  column_ =
      type_.IsStringLike() ? ColumnVector::MakeStrings(type_, 0) : ColumnVector::MakeFlat(type_, 0);
  size_ = capacity_ = 0;
  return result;
}

}  // namespace ember
