#include "ember/formats/parquet/internal/column_reader.h"

#include <algorithm>
#include <string_view>
#include <type_traits>

#include "ember/common/error.h"
#include "ember/formats/parquet/internal/decoders.h"
#include "ember/formats/parquet/internal/page_decompression.h"
#include "ember/formats/parquet/internal/thrift_compact.h"
#include "ember/formats/parquet/internal/value_conversion.h"

namespace ember::parquet {

namespace {

/// Bounds the memory a lying page header can make the reader allocate before decompression
/// proves it wrong. Writers keep pages far smaller (parquet-mr 1 MiB, DuckDB below 1 GB).
constexpr int32_t kMaxPageSize = 1 << 30;

/// Marks row `row` null in a validity bitmap.
inline void ClearBit(uint64_t* validity, size_t row) {
  validity[row >> 6] &= ~(uint64_t{1} << (row & 63));
}

/// Holds an uninitialized array that only grows; scratch space reused across batches and pages.
template <typename T>
class ScratchArray {
 public:
  T* Reserve(size_t count) {
    if (count > capacity_) {
      capacity_ = std::max(count, capacity_ * 2);
      data_ = std::make_unique_for_overwrite<T[]>(capacity_);
    }
    return data_.get();
  }
  T* data() { return data_.get(); }

 private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
};

/// Produces values already converted to the column's storage type T.
template <typename T>
class ValueSource {
 public:
  virtual ~ValueSource() = default;
  /// Writes the next `count` values to `out`; throws CorruptDataError if fewer remain.
  virtual void Next(T* out, size_t count) = 0;
};

/// Decodes physical values of type P and converts them to T.
template <typename P, typename T>
class ConvertingSource final : public ValueSource<T> {
 public:
  ConvertingSource(std::unique_ptr<ValueDecoder<P>> decoder, ValueConversion conversion)
      : decoder_(std::move(decoder)), conversion_(conversion) {}

  void Next(T* out, size_t count) override {
    if constexpr (std::is_same_v<P, T>) {
      if (conversion_ == ValueConversion::kNone) {
        decoder_->Decode(out, count);
        return;
      }
    }
    P* physical = scratch_.Reserve(count);
    decoder_->Decode(physical, count);
    ConvertValues<P, T>(conversion_, physical, out, count);
  }

 private:
  std::unique_ptr<ValueDecoder<P>> decoder_;
  ValueConversion conversion_;
  ScratchArray<P> scratch_;
};

/// Looks values up in the dictionary by the RLE-encoded indices of a dictionary-encoded page.
template <typename T>
class DictionarySource final : public ValueSource<T> {
 public:
  DictionarySource(const T* dictionary, size_t dictionary_size, RleBitPackedDecoder indices)
      : dictionary_(dictionary), dictionary_size_(dictionary_size), indices_(indices) {}

  void Next(T* out, size_t count) override {
    uint32_t* indices = scratch_.Reserve(count);
    NextIndices(indices, count);
    for (size_t i = 0; i < count; ++i) out[i] = dictionary_[indices[i]];
  }

  /// Writes the next `count` dictionary indices, each checked against the dictionary's size.
  void NextIndices(uint32_t* out, size_t count) {
    indices_.Decode(out, count);
    for (size_t i = 0; i < count; ++i) {
      if (out[i] >= dictionary_size_) {
        ThrowCorrupt(StrCat("dictionary index ", out[i], " is out of range (the dictionary has ",
                            dictionary_size_, " values)"));
      }
    }
  }

 private:
  const T* dictionary_;
  size_t dictionary_size_;
  RleBitPackedDecoder indices_;
  ScratchArray<uint32_t> scratch_;
};

template <typename P, typename T>
std::unique_ptr<ValueSource<T>> MakeSourceOf(const ColumnDescriptor& column, Encoding encoding,
                                             const uint8_t* data, size_t size) {
  auto decoder =
      MakeValueDecoder<P>(encoding, column.physical_type, column.type_length, data, size);
  if (!decoder) return nullptr;
  return std::make_unique<ConvertingSource<P, T>>(std::move(decoder), column.conversion);
}

/// Returns a source of T decoding `encoding` over the page bytes, or nullptr if unsupported.
template <typename T>
std::unique_ptr<ValueSource<T>> MakeSource(const ColumnDescriptor& column, Encoding encoding,
                                           const uint8_t* data, size_t size) {
  switch (column.physical_type) {
    case PhysicalType::kBoolean:
      return MakeSourceOf<bool, T>(column, encoding, data, size);
    case PhysicalType::kInt32:
      return MakeSourceOf<int32_t, T>(column, encoding, data, size);
    case PhysicalType::kInt64:
      return MakeSourceOf<int64_t, T>(column, encoding, data, size);
    case PhysicalType::kInt96:
      return MakeSourceOf<Int96, T>(column, encoding, data, size);
    case PhysicalType::kFloat:
      return MakeSourceOf<float, T>(column, encoding, data, size);
    case PhysicalType::kDouble:
      return MakeSourceOf<double, T>(column, encoding, data, size);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return MakeSourceOf<std::string_view, T>(column, encoding, data, size);
  }
  return nullptr;
}

/// Walks the pages of a column chunk: parses page headers, decompresses, sets up definition
/// levels, and hands dictionary and data pages to the typed reader. Turns CorruptDataError into
/// Error(kIo) naming the file, column, row group and page.
class ColumnChunkReaderBase : public ColumnChunkReader {
 public:
  ColumnChunkReaderBase(ColumnChunkLocation location, std::vector<uint8_t> chunk)
      : location_(std::move(location)), chunk_(std::move(chunk)) {}

  ColumnVectorPtr Read(size_t num_rows) final {
    try {
      ColumnVectorPtr column = ReadRows(num_rows);
      rows_read_ += num_rows;
      return column;
    } catch (const CorruptDataError& error) {
      Throw(ErrorKind::kIo, "FAILED_READ_FILE", "Cannot read Parquet file ", location_.path,
            ": column ", QuoteIdentifier(location_.column.name), " of row group ",
            location_.row_group, " is corrupt in the page at byte offset ", page_offset_, ": ",
            error.what(), ".");
    } catch (const Error& error) {
      // A value the column's type cannot hold (a timestamp out of range): say where it is.
      if (error.kind() != ErrorKind::kExecution) throw;
      Throw(error.kind(), error.error_class(), error.message(), " It is in column ",
            QuoteIdentifier(location_.column.name), " of row group ", location_.row_group,
            " of Parquet file ", location_.path, ", in the page at byte offset ", page_offset_,
            ".");
    }
  }

 protected:
  /// Reads `num_rows` rows into a new column.
  virtual ColumnVectorPtr ReadRows(size_t num_rows) = 0;
  /// Takes the values of the chunk's dictionary page.
  virtual void SetDictionary(const uint8_t* data, size_t size, size_t num_values) = 0;
  /// Starts decoding the values section of a data page.
  virtual void SetDataPage(int32_t encoding, const uint8_t* data, size_t size) = 0;

  /// Makes the next data page with values current; returns false at the end of the chunk.
  bool NextDataPage();

  /// Makes a data page with rows left current, or throws because the chunk has no more rows.
  void EnsurePageOrThrow() {
    if (page_remaining_ == 0 && !NextDataPage()) {
      ThrowCorrupt(StrCat("the column chunk ends after ", rows_read_ + rows_in_batch_,
                          " rows, but the row group has more"));
    }
  }

  [[noreturn]] void ThrowUnsupportedEncoding(int32_t encoding) const {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_ENCODING", "Cannot read column ",
          QuoteIdentifier(location_.column.name), " of Parquet file ", location_.path,
          ": its page at byte offset ", page_offset_, " uses encoding ", EncodingName(encoding),
          ", which is not supported yet for this column type.");
  }

  const ColumnDescriptor& column() const { return location_.column; }

  ColumnChunkLocation location_;
  size_t page_remaining_ = 0;  // level entries (rows) left in the current data page
  size_t rows_in_batch_ = 0;   // rows of the batch being read produced so far
  LevelDecoder levels_;

 private:
  /// Returns the decompressed body of a page; uncompressed bodies are not copied.
  const uint8_t* Decompress(const uint8_t* body, size_t compressed_size, size_t uncompressed_size,
                            ScratchArray<uint8_t>& buffer) {
    if (location_.codec == static_cast<int32_t>(Codec::kUncompressed)) {
      if (compressed_size != uncompressed_size) {
        ThrowCorrupt(StrCat("an uncompressed page has a compressed size of ", compressed_size,
                            " bytes but an uncompressed size of ", uncompressed_size));
      }
      return body;
    }
    uint8_t* output = buffer.Reserve(uncompressed_size);
    DecompressPage(location_.codec, body, compressed_size, output, uncompressed_size);
    return output;
  }

  void ReadDictionaryPage(const PageHeader& header, const uint8_t* body);
  /// Sets up a v1 data page; returns its number of level entries.
  size_t ReadDataPageV1(const PageHeader& header, const uint8_t* body);
  size_t ReadDataPageV2(const PageHeader& header, const uint8_t* body);

  std::vector<uint8_t> chunk_;
  size_t position_ = 0;      // of the next page header in chunk_
  int64_t page_offset_ = 0;  // file offset of the current page's header
  size_t rows_read_ = 0;
  bool seen_dictionary_ = false;
  bool seen_data_page_ = false;
  ScratchArray<uint8_t> page_buffer_;
  ScratchArray<uint8_t> dictionary_buffer_;
};

bool ColumnChunkReaderBase::NextDataPage() {
  while (position_ < chunk_.size()) {
    page_offset_ = location_.file_offset + static_cast<int64_t>(position_);
    ThriftCompactReader reader(chunk_.data() + position_, chunk_.size() - position_, page_offset_);
    PageHeader header = ReadPageHeader(reader);
    position_ += reader.position();
    if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0) {
      ThrowCorrupt(StrCat("the page header has a negative size (compressed ",
                          header.compressed_page_size, ", uncompressed ",
                          header.uncompressed_page_size, ")"));
    }
    if (header.uncompressed_page_size > kMaxPageSize) {
      ThrowCorrupt(StrCat("the page claims to decompress to ", header.uncompressed_page_size,
                          " bytes; pages larger than ", kMaxPageSize, " bytes are not accepted"));
    }
    auto compressed_size = static_cast<size_t>(header.compressed_page_size);
    if (compressed_size > chunk_.size() - position_) {
      ThrowCorrupt(StrCat("the page claims ", compressed_size, " bytes but the column chunk has ",
                          chunk_.size() - position_, " left"));
    }
    const uint8_t* body = chunk_.data() + position_;
    position_ += compressed_size;
    size_t num_values = 0;
    switch (static_cast<PageType>(header.type)) {
      case PageType::kDictionaryPage:
        ReadDictionaryPage(header, body);
        continue;
      case PageType::kDataPage:
        num_values = ReadDataPageV1(header, body);
        break;
      case PageType::kDataPageV2:
        num_values = ReadDataPageV2(header, body);
        break;
      default:
        continue;  // index pages and page types newer than this reader carry no rows
    }
    seen_data_page_ = true;
    if (num_values == 0) continue;
    page_remaining_ = num_values;
    return true;
  }
  return false;
}

void ColumnChunkReaderBase::ReadDictionaryPage(const PageHeader& header, const uint8_t* body) {
  if (!header.dictionary_page_header) ThrowCorrupt("a dictionary page lacks its header");
  if (seen_dictionary_) ThrowCorrupt("the column chunk has a second dictionary page");
  if (seen_data_page_) ThrowCorrupt("a dictionary page follows a data page");
  const DictionaryPageHeader& dictionary = *header.dictionary_page_header;
  if (dictionary.encoding != static_cast<int32_t>(Encoding::kPlain) &&
      dictionary.encoding != static_cast<int32_t>(Encoding::kPlainDictionary)) {
    ThrowUnsupportedEncoding(dictionary.encoding);
  }
  auto size = static_cast<size_t>(header.uncompressed_page_size);
  // Every dictionary value takes at least one bit (booleans) or one byte; a larger count lies.
  size_t max_values = column().physical_type == PhysicalType::kBoolean ? size * 8 : size;
  if (dictionary.num_values < 0 || static_cast<size_t>(dictionary.num_values) > max_values) {
    ThrowCorrupt(StrCat("the dictionary page claims ", dictionary.num_values, " values in ", size,
                        " bytes"));
  }
  const uint8_t* data = Decompress(body, header.compressed_page_size, size, dictionary_buffer_);
  SetDictionary(data, size, static_cast<size_t>(dictionary.num_values));
  seen_dictionary_ = true;
}

size_t ColumnChunkReaderBase::ReadDataPageV1(const PageHeader& header, const uint8_t* body) {
  if (!header.data_page_header) ThrowCorrupt("a data page lacks its DataPageHeader");
  const DataPageHeader& page = *header.data_page_header;
  if (page.num_values < 0) ThrowCorrupt(StrCat("a data page claims ", page.num_values, " values"));
  auto size = static_cast<size_t>(header.uncompressed_page_size);
  const uint8_t* data = Decompress(body, header.compressed_page_size, size, page_buffer_);
  size_t offset = 0;
  if (column().max_definition_level > 0) {
    if (page.definition_level_encoding == static_cast<int32_t>(Encoding::kRle)) {
      if (size < 4) ThrowCorrupt("the definition levels lack their 4-byte length");
      uint32_t length;
      std::memcpy(&length, data, 4);
      if (length > size - 4) {
        ThrowCorrupt(
            StrCat("the definition levels claim ", length, " bytes, the page has ", size - 4));
      }
      levels_ = LevelDecoder(Encoding::kRle, data + 4, length, 1);
      offset = 4 + length;
    } else if (page.definition_level_encoding == static_cast<int32_t>(Encoding::kBitPacked)) {
      size_t length = (static_cast<size_t>(page.num_values) + 7) / 8;
      if (length > size) ThrowCorrupt("the BIT_PACKED definition levels are truncated");
      levels_ = LevelDecoder(Encoding::kBitPacked, data, length, 1);
      offset = length;
    } else {
      ThrowCorrupt(
          StrCat("definition levels use encoding ", EncodingName(page.definition_level_encoding)));
    }
  }
  SetDataPage(page.encoding, data + offset, size - offset);
  return static_cast<size_t>(page.num_values);
}

size_t ColumnChunkReaderBase::ReadDataPageV2(const PageHeader& header, const uint8_t* body) {
  if (!header.data_page_header_v2) ThrowCorrupt("a data page lacks its DataPageHeaderV2");
  const DataPageHeaderV2& page = *header.data_page_header_v2;
  if (page.num_values < 0 || page.num_nulls < 0 || page.num_nulls > page.num_values) {
    ThrowCorrupt(StrCat("a data page claims ", page.num_values, " values of which ", page.num_nulls,
                        " are null"));
  }
  int64_t levels_size =
      int64_t{page.repetition_levels_byte_length} + int64_t{page.definition_levels_byte_length};
  if (page.repetition_levels_byte_length < 0 || page.definition_levels_byte_length < 0 ||
      levels_size > header.compressed_page_size || levels_size > header.uncompressed_page_size) {
    ThrowCorrupt(StrCat("the page's level sections (", page.repetition_levels_byte_length, " + ",
                        page.definition_levels_byte_length, " bytes) exceed the page"));
  }
  if (column().max_definition_level > 0) {
    levels_ = LevelDecoder(Encoding::kRle, body + page.repetition_levels_byte_length,
                           page.definition_levels_byte_length, 1);
  } else if (page.num_nulls > 0) {
    ThrowCorrupt(StrCat("a page of a REQUIRED column claims ", page.num_nulls, " nulls"));
  }
  const uint8_t* values = body + levels_size;
  size_t compressed_size = header.compressed_page_size - levels_size;
  size_t size = header.uncompressed_page_size - levels_size;
  if (page.is_compressed) {
    values = Decompress(values, compressed_size, size, page_buffer_);
  } else if (compressed_size != size) {
    ThrowCorrupt(
        StrCat("an uncompressed page section has ", compressed_size, " bytes but claims ", size));
  }
  SetDataPage(page.encoding, values, size);
  return static_cast<size_t>(page.num_values);
}

/// Reads a column whose Ember storage type is T (std::string_view for strings and binary).
template <typename T>
class TypedColumnChunkReader final : public ColumnChunkReaderBase {
 public:
  using ColumnChunkReaderBase::ColumnChunkReaderBase;

 protected:
  ColumnVectorPtr ReadRows(size_t num_rows) override {
    if constexpr (kIsString) {
      return ReadStringRows(num_rows);
    } else {
      std::shared_ptr<ColumnVector> out = ColumnVector::MakeFlat(column().type, num_rows);
      uint64_t* validity = nullptr;
      ForEachRun(num_rows, [&](size_t count, const uint8_t* levels, size_t non_null) {
        T* destination = out->template mutable_data<T>() + rows_in_batch_;
        if (non_null == count) {
          source_->Next(destination, count);
        } else {
          T* values = values_scratch_.Reserve(non_null);
          source_->Next(values, non_null);
          if (validity == nullptr) validity = out->mutable_validity();
          for (size_t i = 0, next = 0; i < count; ++i) {
            if (levels[i]) {
              destination[i] = values[next++];
            } else {
              destination[i] = T{};
              ClearBit(validity, rows_in_batch_ + i);
            }
          }
        }
      });
      return out;
    }
  }

  /// Reads the next `num_rows` rows run by run, a run being the rows of the batch in one data
  /// page: calls fn(count, levels, non_null) with the run's definition levels (nullptr for a
  /// REQUIRED column) while rows_in_batch_ is the run's first row in the batch.
  template <typename Fn>
  void ForEachRun(size_t num_rows, Fn fn) {
    rows_in_batch_ = 0;
    while (rows_in_batch_ < num_rows) {
      EnsurePageOrThrow();
      size_t count = std::min(num_rows - rows_in_batch_, page_remaining_);
      size_t non_null = count;
      const uint8_t* levels = DecodeLevels(count, non_null);
      fn(count, levels, non_null);
      rows_in_batch_ += count;
      page_remaining_ -= count;
    }
  }

  /// Decodes the definition levels of the next `count` rows; returns them (nullptr for a
  /// REQUIRED column) and sets `non_null` to the number of rows with a value.
  const uint8_t* DecodeLevels(size_t count, size_t& non_null) {
    non_null = count;
    if (column().max_definition_level == 0) return nullptr;
    uint8_t* levels = levels_scratch_.Reserve(count);
    levels_.Decode(levels, count);
    non_null = 0;
    for (size_t i = 0; i < count; ++i) {
      if (levels[i] > 1) ThrowCorrupt(StrCat("definition level ", int{levels[i]}, " exceeds 1"));
      non_null += levels[i];
    }
    return levels;
  }

  /// Reads strings as a dictionary column while every page of the batch is dictionary-encoded:
  /// each row costs an index instead of a copy of its bytes, and kernels can work on the
  /// dictionary once per batch (see the evaluator). A page that falls back to another encoding
  /// turns the batch flat.
  ColumnVectorPtr ReadStringRows(size_t num_rows) {
    std::shared_ptr<ColumnVector> encoded;
    std::shared_ptr<ColumnVector> flat;
    ForEachRun(num_rows, [&](size_t count, const uint8_t* levels, size_t non_null) {
      if (dictionary_source_ != nullptr && dictionary_size_ > 0 && flat == nullptr) {
        if (encoded == nullptr)
          encoded = ColumnVector::MakeDictionary(dictionary_column_, num_rows);
        auto* indices = reinterpret_cast<uint32_t*>(encoded->mutable_dictionary_indices());
        uint32_t* destination = indices + rows_in_batch_;
        if (non_null == count) {
          dictionary_source_->NextIndices(destination, count);
        } else {
          uint32_t* values = index_scratch_.Reserve(non_null);
          dictionary_source_->NextIndices(values, non_null);
          uint64_t* validity = encoded->mutable_validity();
          for (size_t i = 0, next = 0; i < count; ++i) {
            destination[i] = levels[i] ? values[next++] : 0;
            if (!levels[i]) ClearBit(validity, rows_in_batch_ + i);
          }
        }
      } else {
        if (flat == nullptr) flat = StartFlatStrings(num_rows, encoded.get());
        T* values = values_scratch_.Reserve(non_null);
        source_->Next(values, non_null);
        if (non_null == count) {
          for (size_t i = 0; i < count; ++i) flat->AppendString(values[i]);
        } else {
          // Nulls go in as empty strings and are marked afterwards: appending to a column that
          // already has a validity bitmap is the slow path of AppendString.
          for (size_t i = 0, next = 0; i < count; ++i) {
            flat->AppendString(levels[i] ? values[next++] : std::string_view());
          }
          uint64_t* validity = flat->mutable_validity();
          for (size_t i = 0; i < count; ++i) {
            if (!levels[i]) ClearBit(validity, rows_in_batch_ + i);
          }
        }
      }
    });
    if (flat != nullptr) return flat;
    if (encoded != nullptr) return encoded;
    return ColumnVector::MakeStrings(column().type, 0);
  }

  /// Returns a flat string column holding the first rows_in_batch_ rows of `encoded` (if any).
  std::shared_ptr<ColumnVector> StartFlatStrings(size_t num_rows, const ColumnVector* encoded) {
    auto flat = ColumnVector::MakeStrings(column().type, num_rows);
    if (encoded == nullptr) return flat;
    for (size_t i = 0; i < rows_in_batch_; ++i) flat->AppendString(encoded->StringAt(i));
    if (encoded->may_have_nulls()) {
      uint64_t* validity = flat->mutable_validity();
      for (size_t i = 0; i < rows_in_batch_; ++i) {
        if (encoded->IsNull(i)) ClearBit(validity, i);
      }
    }
    return flat;
  }

  void SetDictionary(const uint8_t* data, size_t size, size_t num_values) override {
    std::unique_ptr<ValueSource<T>> plain = MakeSource<T>(column(), Encoding::kPlain, data, size);
    EMBER_CHECK(plain != nullptr, "PLAIN must be readable for every column type");
    dictionary_ = std::make_unique_for_overwrite<T[]>(std::max<size_t>(num_values, 1));
    plain->Next(dictionary_.get(), num_values);
    dictionary_size_ = num_values;
    has_dictionary_ = true;
    if constexpr (kIsString) {
      auto strings = ColumnVector::MakeStrings(column().type, num_values);
      for (size_t i = 0; i < num_values; ++i) strings->AppendString(dictionary_[i]);
      dictionary_column_ = std::move(strings);
    }
  }

  void SetDataPage(int32_t encoding, const uint8_t* data, size_t size) override {
    if (encoding == static_cast<int32_t>(Encoding::kPlainDictionary) ||
        encoding == static_cast<int32_t>(Encoding::kRleDictionary)) {
      if (!has_dictionary_) ThrowCorrupt("a dictionary-encoded page has no dictionary page");
      if (size < 1) ThrowCorrupt("a dictionary-encoded page lacks its bit width");
      auto source = std::make_unique<DictionarySource<T>>(
          dictionary_.get(), dictionary_size_, RleBitPackedDecoder(data + 1, size - 1, data[0]));
      dictionary_source_ = source.get();
      source_ = std::move(source);
      return;
    }
    dictionary_source_ = nullptr;
    source_ = MakeSource<T>(column(), static_cast<Encoding>(encoding), data, size);
    if (source_ == nullptr) ThrowUnsupportedEncoding(encoding);
  }

 private:
  static constexpr bool kIsString = std::is_same_v<T, std::string_view>;

  std::unique_ptr<ValueSource<T>> source_;
  DictionarySource<T>* dictionary_source_ = nullptr;  // source_ when the page uses the dictionary
  std::unique_ptr<T[]> dictionary_;
  ColumnVectorPtr dictionary_column_;  // the dictionary of a string column, shared by batches
  size_t dictionary_size_ = 0;
  bool has_dictionary_ = false;
  ScratchArray<uint8_t> levels_scratch_;
  ScratchArray<T> values_scratch_;
  ScratchArray<uint32_t> index_scratch_;
};

}  // namespace

std::unique_ptr<ColumnChunkReader> MakeColumnChunkReader(ColumnChunkLocation location,
                                                         std::vector<uint8_t> chunk) {
  auto make = [&]<typename T>() -> std::unique_ptr<ColumnChunkReader> {
    return std::make_unique<TypedColumnChunkReader<T>>(std::move(location), std::move(chunk));
  };
  switch (location.column.type.id()) {
    case TypeId::kBoolean:
      return make.template operator()<bool>();
    case TypeId::kByte:
      return make.template operator()<int8_t>();
    case TypeId::kShort:
      return make.template operator()<int16_t>();
    case TypeId::kInt:
    case TypeId::kDate:
      return make.template operator()<int32_t>();
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return make.template operator()<int64_t>();
    case TypeId::kFloat:
      return make.template operator()<float>();
    case TypeId::kDouble:
      return make.template operator()<double>();
    case TypeId::kDecimal:
      return make.template operator()<int128_t>();
    case TypeId::kString:
    case TypeId::kBinary:
      return make.template operator()<std::string_view>();
    default:
      break;
  }
  EMBER_CHECK(false, "no Parquet column reader for ", location.column.type.SimpleString());
}

}  // namespace ember::parquet
