#include "ember/shuffle/batch_serde.h"

#include <cstring>

#include "ember/common/error.h"

namespace ember {

namespace {

constexpr uint32_t kBatchMagic = 0x424D4245;  // "EMBB"

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

class Reader {
 public:
  Reader(std::string_view data, size_t offset, const std::string& source)
      : data_(data), offset_(offset), source_(source) {}
  template <typename T>
  T Get() {
    T value;
    std::memcpy(&value, Take(sizeof(T)), sizeof(T));
    return value;
  }
  const char* Take(size_t bytes) {
    if (bytes > data_.size() - offset_) {
      Throw(ErrorKind::kIo, "CORRUPT_SHUFFLE_BLOCK", "Shuffle block ", source_,
            " is truncated at byte offset ", offset_, ": needed ", bytes, " more bytes, ",
            data_.size() - offset_, " left.");
    }
    const char* at = data_.data() + offset_;
    offset_ += bytes;
    return at;
  }
  size_t offset() const { return offset_; }
  [[noreturn]] void Corrupt(const std::string& what) {
    Throw(ErrorKind::kIo, "CORRUPT_SHUFFLE_BLOCK", "Shuffle block ", source_,
          " is corrupt at byte offset ", offset_, ": ", what, ".");
  }

 private:
  std::string_view data_;
  size_t offset_;
  const std::string& source_;
};

}  // namespace

void SerializeBatch(const Batch& batch, std::string& out) {
  BatchPtr dense = batch.selection() ? batch.Materialize() : nullptr;
  const Batch& b = dense ? *dense : batch;
  size_t rows = b.num_rows();
  Put<uint32_t>(out, kBatchMagic);
  Put<uint32_t>(out, static_cast<uint32_t>(rows));
  Put<uint32_t>(out, static_cast<uint32_t>(b.num_columns()));
  for (const auto& original : b.columns()) {
    ColumnVectorPtr column = original->Flatten();
    const DataType& type = column->type();
    ColumnBuffers buffers = column->Buffers();
    Put<uint8_t>(out, static_cast<uint8_t>(type.id()));
    Put<uint8_t>(out, static_cast<uint8_t>(type.precision()));
    Put<uint8_t>(out, static_cast<uint8_t>(type.scale()));
    Put<uint8_t>(out, buffers.validity.empty() ? 0 : 1);
    out.append(buffers.validity);
    if (type.IsStringLike()) {
      out.append(buffers.offsets);
      out.append(buffers.chars);
    } else {
      out.append(buffers.values);
    }
  }
}

BatchPtr DeserializeBatch(std::string_view data, size_t* offset, const std::string& source) {
  Reader reader(data, *offset, source);
  if (reader.Get<uint32_t>() != kBatchMagic) reader.Corrupt("bad batch magic");
  uint32_t rows = reader.Get<uint32_t>();
  uint32_t num_columns = reader.Get<uint32_t>();
  if (num_columns > 100000) reader.Corrupt("implausible column count");
  std::vector<ColumnVectorPtr> columns;
  for (uint32_t c = 0; c < num_columns; ++c) {
    auto id = static_cast<TypeId>(reader.Get<uint8_t>());
    int precision = reader.Get<uint8_t>();
    int scale = reader.Get<uint8_t>();
    bool has_validity = reader.Get<uint8_t>() != 0;
    if (id > TypeId::kTimestamp) reader.Corrupt("unknown type id");
    if (id == TypeId::kDecimal &&
        (precision < 1 || precision > DataType::kMaxDecimalPrecision || scale > precision)) {
      reader.Corrupt(StrCat("invalid decimal(", precision, ",", scale, ")"));
    }
    DataType type = id == TypeId::kDecimal ? DataType::Decimal(precision, scale) : DataType(id);
    ColumnBuffers buffers;
    if (has_validity) {
      buffers.validity = std::string_view(reader.Take(ColumnVector::BitmapWords(rows) * 8),
                                          ColumnVector::BitmapWords(rows) * 8);
    }
    if (type.IsStringLike()) {
      size_t offset_bytes = (static_cast<size_t>(rows) + 1) * sizeof(int32_t);
      buffers.offsets = std::string_view(reader.Take(offset_bytes), offset_bytes);
      int32_t first, last;
      std::memcpy(&first, buffers.offsets.data(), sizeof(int32_t));
      std::memcpy(&last, buffers.offsets.data() + offset_bytes - sizeof(int32_t), sizeof(int32_t));
      if (last < first) reader.Corrupt("string offsets go backwards");
      size_t char_bytes = static_cast<size_t>(int64_t{last} - first);
      buffers.chars = std::string_view(reader.Take(char_bytes), char_bytes);
    } else {
      size_t bytes = static_cast<size_t>(rows) * type.PhysicalWidth();
      buffers.values = std::string_view(reader.Take(bytes), bytes);
    }
    std::string problem;
    ColumnVectorPtr column = ColumnVector::FromBuffers(type, rows, buffers, &problem);
    if (!column) reader.Corrupt(problem);
    columns.push_back(std::move(column));
  }
  *offset = reader.offset();
  return std::make_shared<Batch>(std::move(columns), rows);
}

}  // namespace ember
