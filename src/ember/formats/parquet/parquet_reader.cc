#include "ember/formats/parquet/parquet_reader.h"

#include <algorithm>
#include <cstring>

#include "ember/common/error.h"
#include "ember/formats/parquet/internal/column_reader.h"
#include "ember/formats/parquet/internal/metadata.h"
#include "ember/formats/parquet/internal/page_decompression.h"
#include "ember/formats/parquet/internal/schema_conversion.h"
#include "ember/io/random_access_file.h"

namespace ember {

using parquet::ColumnDescriptor;

struct ParquetFileReader::Footer {
  parquet::FileMetaData metadata;
  std::vector<ColumnDescriptor> columns;
};

namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";
constexpr size_t kMagicSize = 4;
// The footer ends with its 4-byte length and the magic.
constexpr size_t kFooterTailSize = 8;

[[noreturn]] void ThrowBadFooter(const std::string& path, const std::string& detail) {
  Throw(ErrorKind::kIo, "CANNOT_READ_FILE_FOOTER", "Cannot read the footer of Parquet file ", path,
        ": ", detail, ". The file is truncated, corrupt or not a Parquet file.");
}

std::string Printable(const uint8_t* bytes, size_t size) {
  std::string text;
  for (size_t i = 0; i < size; ++i) {
    text += bytes[i] >= 0x20 && bytes[i] < 0x7F ? static_cast<char>(bytes[i]) : '?';
  }
  return text;
}

/// Returns the offset of the first byte of a column chunk: its dictionary page if it has one.
/// Some writers store a dictionary_page_offset of 0 for chunks without a dictionary.
int64_t ChunkStart(const parquet::ColumnMetaData& meta) {
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < meta.data_page_offset) {
    return *meta.dictionary_page_offset;
  }
  return meta.data_page_offset;
}

/// Checks that every column chunk of every row group lies inside the data region of the file
/// and matches its schema column; throws CorruptDataError otherwise.
void ValidateRowGroups(const parquet::FileMetaData& metadata,
                       const std::vector<ColumnDescriptor>& columns, int64_t data_end,
                       const std::string& path) {
  for (size_t g = 0; g < metadata.row_groups.size(); ++g) {
    const parquet::RowGroup& group = metadata.row_groups[g];
    if (group.num_rows < 0) {
      parquet::ThrowCorrupt(StrCat("row group ", g, " claims ", group.num_rows, " rows"));
    }
    if (group.columns.size() != columns.size()) {
      parquet::ThrowCorrupt(StrCat("row group ", g, " has ", group.columns.size(),
                                   " column chunks for ", columns.size(), " schema columns"));
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      const parquet::ColumnChunk& chunk = group.columns[c];
      std::string where = StrCat("column ", QuoteIdentifier(columns[c].name), " of row group ", g);
      if (!chunk.encrypted && !chunk.meta_data) {
        parquet::ThrowCorrupt(StrCat(where, " lacks its ColumnMetaData"));
      }
      if (chunk.encrypted) {
        Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_ENCRYPTION",
              "Cannot read Parquet file ", path, ": ", where,
              " is encrypted, and encrypted Parquet files are not supported yet.");
      }
      if (chunk.file_path) {
        Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_EXTERNAL_COLUMN",
              "Cannot read Parquet file ", path, ": ", where, " is stored in another file (",
              *chunk.file_path, "), which is not supported.");
      }
      const parquet::ColumnMetaData& meta = *chunk.meta_data;
      if (meta.type != static_cast<int32_t>(columns[c].physical_type)) {
        parquet::ThrowCorrupt(StrCat(where, " has physical type ", meta.type,
                                     " but the schema says ",
                                     static_cast<int32_t>(columns[c].physical_type)));
      }
      int64_t start = ChunkStart(meta);
      if (start < static_cast<int64_t>(kMagicSize) || meta.total_compressed_size < 0 ||
          start > data_end || meta.total_compressed_size > data_end - start) {
        parquet::ThrowCorrupt(StrCat(where, " claims bytes [", start, ", ", start, " + ",
                                     meta.total_compressed_size, ") outside the data region [4, ",
                                     data_end, ")"));
      }
      if (!parquet::IsSupportedCodec(meta.codec)) {
        Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_CODEC",
              "Cannot read Parquet file ", path, ": ", where, " is compressed with ",
              parquet::CodecName(meta.codec), ", which is not supported.");
      }
    }
  }
}

class RowGroupReader final : public ParquetRowGroupReader {
 public:
  RowGroupReader(std::vector<std::unique_ptr<parquet::ColumnChunkReader>> columns, int64_t num_rows,
                 size_t batch_size)
      : columns_(std::move(columns)), remaining_(num_rows), batch_size_(batch_size) {}

  BatchPtr Next() override {
    if (remaining_ == 0) return nullptr;
    size_t rows = static_cast<size_t>(std::min<int64_t>(remaining_, batch_size_));
    std::vector<ColumnVectorPtr> columns;
    columns.reserve(columns_.size());
    for (auto& column : columns_) columns.push_back(column->Read(rows));
    remaining_ -= static_cast<int64_t>(rows);
    return std::make_shared<Batch>(std::move(columns), rows);
  }

 private:
  std::vector<std::unique_ptr<parquet::ColumnChunkReader>> columns_;
  int64_t remaining_;
  size_t batch_size_;
};

}  // namespace

std::unique_ptr<ParquetFileReader> ParquetFileReader::Open(const std::string& path) {
  std::shared_ptr<const RandomAccessFile> file = RandomAccessFile::Open(path);
  int64_t size = file->size();
  if (size < static_cast<int64_t>(kMagicSize + kFooterTailSize)) {
    ThrowBadFooter(path, StrCat("the file has ", size, " bytes, fewer than the 12 of the ",
                                "smallest Parquet file"));
  }
  uint8_t head[kMagicSize];
  file->ReadAt(0, kMagicSize, head);
  uint8_t tail[kFooterTailSize];
  file->ReadAt(size - static_cast<int64_t>(kFooterTailSize), kFooterTailSize, tail);
  if (std::memcmp(tail + 4, kEncryptedMagic, kMagicSize) == 0) {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_ENCRYPTION",
          "Cannot read Parquet file ", path,
          ": its footer is encrypted, and encrypted Parquet files are not supported yet.");
  }
  if (std::memcmp(tail + 4, kMagic, kMagicSize) != 0) {
    ThrowBadFooter(
        path, StrCat("expected the magic bytes PAR1 at byte offset ", size - 4,
                     " (the end of the file), found \"", Printable(tail + 4, kMagicSize), "\""));
  }
  if (std::memcmp(head, kMagic, kMagicSize) != 0) {
    ThrowBadFooter(path, StrCat("expected the magic bytes PAR1 at byte offset 0, found \"",
                                Printable(head, kMagicSize), "\""));
  }
  uint32_t footer_size;
  std::memcpy(&footer_size, tail, 4);
  int64_t footer_offset = size - static_cast<int64_t>(kFooterTailSize) - footer_size;
  if (footer_offset < static_cast<int64_t>(kMagicSize)) {
    ThrowBadFooter(path, StrCat("the footer length at byte offset ", size - 8, " is ", footer_size,
                                ", more than the ", size - 12, " bytes between the magic numbers"));
  }

  auto footer = std::make_shared<Footer>();
  std::unique_ptr<ParquetFileReader> reader(new ParquetFileReader());
  try {
    std::vector<uint8_t> bytes = file->ReadAt(footer_offset, footer_size);
    footer->metadata = parquet::ReadFileMetaData(bytes.data(), bytes.size(), footer_offset);
    if (footer->metadata.encrypted) {
      Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_ENCRYPTION",
            "Cannot read Parquet file ", path,
            ": it is encrypted, and encrypted Parquet files are not supported yet.");
    }
    footer->columns = parquet::ConvertSchema(footer->metadata.schema, path);
    if (footer->metadata.num_rows < 0) {
      parquet::ThrowCorrupt(StrCat("the file claims ", footer->metadata.num_rows, " rows"));
    }
    ValidateRowGroups(footer->metadata, footer->columns, footer_offset, path);
  } catch (const parquet::CorruptDataError& error) {
    ThrowBadFooter(path, error.what());
  }

  std::vector<Field> fields;
  for (const ColumnDescriptor& column : footer->columns) {
    fields.push_back(Field{column.name, column.type, column.max_definition_level > 0});
  }
  reader->schema_ = Schema(std::move(fields));
  reader->num_rows_ = footer->metadata.num_rows;
  reader->created_by_ = footer->metadata.created_by.value_or("");
  for (const parquet::RowGroup& group : footer->metadata.row_groups) {
    ParquetRowGroupInfo info;
    info.num_rows = group.num_rows;
    for (size_t c = 0; c < footer->columns.size(); ++c) {
      const parquet::ColumnMetaData& meta = *group.columns[c].meta_data;
      if (c == 0) info.start_offset = ChunkStart(meta);
      info.start_offset = std::min(info.start_offset, ChunkStart(meta));
      info.compressed_size += meta.total_compressed_size;
      info.column_statistics.push_back(
          parquet::ConvertStatistics(footer->columns[c], meta.statistics));
      ParquetColumnChunkInfo chunk;
      chunk.codec = parquet::CodecName(meta.codec);
      for (int32_t encoding : meta.encodings)
        chunk.encodings.push_back(parquet::EncodingName(encoding));
      chunk.num_values = meta.num_values;
      chunk.compressed_size = meta.total_compressed_size;
      chunk.uncompressed_size = meta.total_uncompressed_size;
      info.column_chunks.push_back(std::move(chunk));
    }
    reader->row_groups_.push_back(std::move(info));
  }
  reader->file_ = std::move(file);
  reader->footer_ = std::move(footer);
  return reader;
}

ParquetFileReader::~ParquetFileReader() = default;

const std::string& ParquetFileReader::path() const {
  return file_->path();
}

int64_t ParquetFileReader::file_size() const {
  return file_->size();
}

std::unique_ptr<ParquetRowGroupReader> ParquetFileReader::OpenRowGroup(
    size_t row_group, const std::vector<size_t>& columns, size_t batch_size) const {
  if (row_group >= row_groups_.size()) {
    Throw(ErrorKind::kInvalidArgument, "", "Row group ", row_group, " does not exist in ", path(),
          ", which has ", row_groups_.size(), " row groups.");
  }
  if (batch_size == 0) Throw(ErrorKind::kInvalidArgument, "", "The batch size must be positive.");
  const parquet::RowGroup& group = footer_->metadata.row_groups[row_group];
  std::vector<std::unique_ptr<parquet::ColumnChunkReader>> readers;
  for (size_t column : columns) {
    if (column >= footer_->columns.size()) {
      Throw(ErrorKind::kInvalidArgument, "", "Column ", column, " does not exist in ", path(),
            ", which has ", footer_->columns.size(), " columns.");
    }
    const parquet::ColumnMetaData& meta = *group.columns[column].meta_data;
    parquet::ColumnChunkLocation location;
    location.path = path();
    location.column = footer_->columns[column];
    location.row_group = row_group;
    location.codec = meta.codec;
    location.file_offset = ChunkStart(meta);
    std::vector<uint8_t> chunk =
        file_->ReadAt(location.file_offset, static_cast<size_t>(meta.total_compressed_size));
    readers.push_back(parquet::MakeColumnChunkReader(std::move(location), std::move(chunk)));
  }
  return std::make_unique<RowGroupReader>(std::move(readers), group.num_rows, batch_size);
}

std::vector<BatchPtr> ParquetFileReader::ReadRowGroup(size_t row_group,
                                                      const std::vector<size_t>& columns,
                                                      size_t batch_size) const {
  std::unique_ptr<ParquetRowGroupReader> reader = OpenRowGroup(row_group, columns, batch_size);
  std::vector<BatchPtr> batches;
  while (BatchPtr batch = reader->Next()) batches.push_back(std::move(batch));
  return batches;
}

}  // namespace ember
