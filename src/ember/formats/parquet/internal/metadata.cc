#include "ember/formats/parquet/internal/metadata.h"

#include <initializer_list>
#include <utility>

#include "ember/common/error.h"

namespace ember::parquet {

namespace {

using FieldNames = std::initializer_list<std::pair<int16_t, const char*>>;

/// Collects which fields of one struct were seen, to report a missing required one by name.
class SeenFields {
 public:
  void Add(int16_t id) {
    if (id >= 0 && id < 64) bits_ |= uint64_t{1} << id;
  }
  /// Throws naming the first of `required` that was not seen.
  void CheckRequired(const ThriftCompactReader& reader, int64_t struct_offset,
                     const char* struct_name, FieldNames required) const {
    for (const auto& [id, name] : required) {
      if ((bits_ >> id & 1) == 0) {
        reader.Corrupt(struct_offset,
                       StrCat(struct_name, " lacks its required field '", name, "'"));
      }
    }
  }

 private:
  uint64_t bits_ = 0;
};

std::string ReadString(ThriftCompactReader& reader) {
  return std::string(reader.ReadBinary());
}

TimeUnit ReadTimeUnit(ThriftCompactReader& reader) {
  TimeUnit unit = TimeUnit::kMicros;
  int members = 0;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (type != ThriftType::kStruct || id < 1 || id > 3) return false;
    unit = id == 1 ? TimeUnit::kMillis : id == 2 ? TimeUnit::kMicros : TimeUnit::kNanos;
    ++members;
    return false;  // the member structs are empty: skip them
  });
  return unit;
}

LogicalType ReadLogicalType(ThriftCompactReader& reader) {
  LogicalType logical;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (type != ThriftType::kStruct) return false;
    int64_t offset = reader.file_offset();
    switch (id) {
      case 5: {
        logical.kind = LogicalType::Kind::kDecimal;
        SeenFields seen;
        reader.ReadStruct([&](int16_t field, ThriftType field_type) {
          if (field_type != ThriftType::kI32) return false;
          if (field == 1)
            logical.decimal_scale = reader.ReadI32();
          else if (field == 2)
            logical.decimal_precision = reader.ReadI32();
          else
            return false;
          seen.Add(field);
          return true;
        });
        seen.CheckRequired(reader, offset, "DecimalType", {{1, "scale"}, {2, "precision"}});
        return true;
      }
      case 7:
      case 8: {
        logical.kind = id == 7 ? LogicalType::Kind::kTime : LogicalType::Kind::kTimestamp;
        SeenFields seen;
        reader.ReadStruct([&](int16_t field, ThriftType field_type) {
          if (field == 1 &&
              (field_type == ThriftType::kBooleanTrue || field_type == ThriftType::kBooleanFalse)) {
            logical.is_adjusted_to_utc = ThriftCompactReader::FieldBool(field_type);
          } else if (field == 2 && field_type == ThriftType::kStruct) {
            logical.unit = ReadTimeUnit(reader);
          } else {
            return false;
          }
          seen.Add(field);
          return true;
        });
        seen.CheckRequired(reader, offset, id == 7 ? "TimeType" : "TimestampType",
                           {{1, "isAdjustedToUTC"}, {2, "unit"}});
        return true;
      }
      case 10: {
        logical.kind = LogicalType::Kind::kInteger;
        SeenFields seen;
        reader.ReadStruct([&](int16_t field, ThriftType field_type) {
          if (field == 1 && field_type == ThriftType::kByte) {
            logical.bit_width = reader.ReadByte();
          } else if (field == 2 && (field_type == ThriftType::kBooleanTrue ||
                                    field_type == ThriftType::kBooleanFalse)) {
            logical.is_signed = ThriftCompactReader::FieldBool(field_type);
          } else {
            return false;
          }
          seen.Add(field);
          return true;
        });
        seen.CheckRequired(reader, offset, "IntType", {{1, "bitWidth"}, {2, "isSigned"}});
        return true;
      }
      case 1:
      case 2:
      case 3:
      case 4:
      case 6:
      case 11:
      case 12:
      case 13:
      case 14:
      case 15:
      case 16:
      case 17:
      case 18:
        logical.kind = static_cast<LogicalType::Kind>(id);
        return false;  // no parameters the reader needs: skip the member struct
      default:
        logical.kind = LogicalType::Kind::kOther;
        return false;
    }
  });
  return logical;
}

SchemaElement ReadSchemaElement(ThriftCompactReader& reader) {
  SchemaElement element;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (id == 4 && type == ThriftType::kBinary) {
      element.name = ReadString(reader);
    } else if (id == 10 && type == ThriftType::kStruct) {
      element.logical_type = ReadLogicalType(reader);
    } else if (type == ThriftType::kI32 && id >= 1 && id <= 8 && id != 4) {
      int32_t value = reader.ReadI32();
      switch (id) {
        case 1:
          element.type = value;
          break;
        case 2:
          element.type_length = value;
          break;
        case 3:
          element.repetition_type = value;
          break;
        case 5:
          element.num_children = value;
          break;
        case 6:
          element.converted_type = value;
          break;
        case 7:
          element.scale = value;
          break;
        case 8:
          element.precision = value;
          break;
      }
    } else {
      return false;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "SchemaElement", {{4, "name"}});
  return element;
}

Statistics ReadStatistics(ThriftCompactReader& reader) {
  Statistics statistics;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (type == ThriftType::kBinary) {
      switch (id) {
        case 1:
          statistics.max = ReadString(reader);
          return true;
        case 2:
          statistics.min = ReadString(reader);
          return true;
        case 5:
          statistics.max_value = ReadString(reader);
          return true;
        case 6:
          statistics.min_value = ReadString(reader);
          return true;
      }
    } else if (type == ThriftType::kI64 && id == 3) {
      statistics.null_count = reader.ReadI64();
      return true;
    }
    return false;
  });
  return statistics;
}

ColumnMetaData ReadColumnMetaData(ThriftCompactReader& reader) {
  ColumnMetaData meta;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    switch (id) {
      case 1:
      case 4:
        if (type != ThriftType::kI32) return false;
        (id == 1 ? meta.type : meta.codec) = reader.ReadI32();
        break;
      case 2:
        // Pages carry their own encoding; this list is kept for inspection only.
        if (type != ThriftType::kList) return false;
        reader.ReadList(ThriftType::kI32, [&] { meta.encodings.push_back(reader.ReadI32()); });
        break;
      case 3:
        if (type != ThriftType::kList) return false;
        reader.ReadList(ThriftType::kBinary,
                        [&] { meta.path_in_schema.push_back(ReadString(reader)); });
        break;
      case 5:
      case 6:
      case 7:
      case 9:
      case 11: {
        if (type != ThriftType::kI64) return false;
        int64_t value = reader.ReadI64();
        if (id == 5) meta.num_values = value;
        if (id == 6) meta.total_uncompressed_size = value;
        if (id == 7) meta.total_compressed_size = value;
        if (id == 9) meta.data_page_offset = value;
        if (id == 11) meta.dictionary_page_offset = value;
        break;
      }
      case 12:
        if (type != ThriftType::kStruct) return false;
        meta.statistics = ReadStatistics(reader);
        break;
      default:
        return false;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "ColumnMetaData",
                     {{1, "type"},
                      {3, "path_in_schema"},
                      {4, "codec"},
                      {5, "num_values"},
                      {7, "total_compressed_size"},
                      {9, "data_page_offset"}});
  return meta;
}

ColumnChunk ReadColumnChunk(ThriftCompactReader& reader) {
  ColumnChunk chunk;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (id == 1 && type == ThriftType::kBinary) {
      chunk.file_path = ReadString(reader);
      return true;
    }
    if (id == 3 && type == ThriftType::kStruct) {
      chunk.meta_data = ReadColumnMetaData(reader);
      return true;
    }
    if (id == 8 || id == 9) chunk.encrypted = true;
    return false;
  });
  return chunk;
}

/// Reads a row group of at most `max_columns` column chunks (0: no limit), which keeps a
/// corrupt list of empty chunks from costing far more memory than the footer's size.
RowGroup ReadRowGroup(ThriftCompactReader& reader, size_t max_columns) {
  RowGroup group;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (id == 1 && type == ThriftType::kList) {
      reader.ReadList(ThriftType::kStruct, [&] {
        if (max_columns != 0 && group.columns.size() == max_columns) {
          reader.Corrupt(reader.file_offset(),
                         StrCat("a row group has more column chunks than the schema's ",
                                max_columns, " elements"));
        }
        group.columns.push_back(ReadColumnChunk(reader));
      });
    } else if ((id == 2 || id == 3 || id == 5 || id == 6) && type == ThriftType::kI64) {
      int64_t value = reader.ReadI64();
      if (id == 2) group.total_byte_size = value;
      if (id == 3) group.num_rows = value;
      if (id == 5) group.file_offset = value;
      if (id == 6) group.total_compressed_size = value;
    } else {
      return false;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "RowGroup", {{1, "columns"}, {3, "num_rows"}});
  return group;
}

DataPageHeader ReadDataPageHeader(ThriftCompactReader& reader) {
  DataPageHeader header;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (type != ThriftType::kI32 || id < 1 || id > 4) return false;
    int32_t value = reader.ReadI32();
    if (id == 1) header.num_values = value;
    if (id == 2) header.encoding = value;
    if (id == 3) header.definition_level_encoding = value;
    if (id == 4) header.repetition_level_encoding = value;
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "DataPageHeader", {{1, "num_values"}, {2, "encoding"}});
  return header;
}

DataPageHeaderV2 ReadDataPageHeaderV2(ThriftCompactReader& reader) {
  DataPageHeaderV2 header;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (id == 7 && (type == ThriftType::kBooleanTrue || type == ThriftType::kBooleanFalse)) {
      header.is_compressed = ThriftCompactReader::FieldBool(type);
      return true;
    }
    if (type != ThriftType::kI32 || id < 1 || id > 6) return false;
    int32_t value = reader.ReadI32();
    switch (id) {
      case 1:
        header.num_values = value;
        break;
      case 2:
        header.num_nulls = value;
        break;
      case 3:
        header.num_rows = value;
        break;
      case 4:
        header.encoding = value;
        break;
      case 5:
        header.definition_levels_byte_length = value;
        break;
      case 6:
        header.repetition_levels_byte_length = value;
        break;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "DataPageHeaderV2",
                     {{1, "num_values"},
                      {2, "num_nulls"},
                      {3, "num_rows"},
                      {4, "encoding"},
                      {5, "definition_levels_byte_length"},
                      {6, "repetition_levels_byte_length"}});
  return header;
}

DictionaryPageHeader ReadDictionaryPageHeader(ThriftCompactReader& reader) {
  DictionaryPageHeader header;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (type != ThriftType::kI32 || id < 1 || id > 2) return false;
    (id == 1 ? header.num_values : header.encoding) = reader.ReadI32();
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "DictionaryPageHeader", {{1, "num_values"}, {2, "encoding"}});
  return header;
}

}  // namespace

std::string EncodingName(int32_t encoding) {
  switch (static_cast<Encoding>(encoding)) {
    case Encoding::kPlain:
      return "PLAIN";
    case Encoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::kRle:
      return "RLE";
    case Encoding::kBitPacked:
      return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  if (encoding == 10) return "ALP";
  return StrCat("encoding #", encoding);
}

FileMetaData ReadFileMetaData(const uint8_t* data, size_t size, int64_t file_offset) {
  ThriftCompactReader reader(data, size, file_offset);
  FileMetaData meta;
  SeenFields seen;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    switch (id) {
      case 1:
        if (type != ThriftType::kI32) return false;
        meta.version = reader.ReadI32();
        break;
      case 2:
        if (type != ThriftType::kList) return false;
        reader.ReadList(ThriftType::kStruct,
                        [&] { meta.schema.push_back(ReadSchemaElement(reader)); });
        break;
      case 3:
        if (type != ThriftType::kI64) return false;
        meta.num_rows = reader.ReadI64();
        break;
      case 4:
        if (type != ThriftType::kList) return false;
        reader.ReadList(ThriftType::kStruct, [&] {
          meta.row_groups.push_back(ReadRowGroup(reader, meta.schema.size()));
        });
        break;
      case 6:
        if (type != ThriftType::kBinary) return false;
        meta.created_by = ReadString(reader);
        break;
      case 8:
        meta.encrypted = true;
        return false;
      default:
        return false;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, file_offset, "FileMetaData",
                     {{2, "schema"}, {3, "num_rows"}, {4, "row_groups"}});
  return meta;
}

PageHeader ReadPageHeader(ThriftCompactReader& reader) {
  PageHeader header;
  SeenFields seen;
  int64_t offset = reader.file_offset();
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    if (id >= 1 && id <= 3 && type == ThriftType::kI32) {
      int32_t value = reader.ReadI32();
      if (id == 1) header.type = value;
      if (id == 2) header.uncompressed_page_size = value;
      if (id == 3) header.compressed_page_size = value;
    } else if (id == 5 && type == ThriftType::kStruct) {
      header.data_page_header = ReadDataPageHeader(reader);
    } else if (id == 7 && type == ThriftType::kStruct) {
      header.dictionary_page_header = ReadDictionaryPageHeader(reader);
    } else if (id == 8 && type == ThriftType::kStruct) {
      header.data_page_header_v2 = ReadDataPageHeaderV2(reader);
    } else {
      return false;
    }
    seen.Add(id);
    return true;
  });
  seen.CheckRequired(reader, offset, "PageHeader",
                     {{1, "type"}, {2, "uncompressed_page_size"}, {3, "compressed_page_size"}});
  return header;
}

}  // namespace ember::parquet
