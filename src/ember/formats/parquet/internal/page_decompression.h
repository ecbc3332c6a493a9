#pragma once

// Decompresses the bytes of one Parquet page with the column chunk's codec.

#include <cstddef>
#include <cstdint>
#include <string>

#include "ember/formats/parquet/internal/metadata.h"

namespace ember::parquet {

/// Returns whether this reader can decompress `codec` (everything but LZO).
bool IsSupportedCodec(int32_t codec);

/// Returns the name parquet.thrift gives `codec` ("SNAPPY"), or its number.
std::string CodecName(int32_t codec);

/// Decompresses `input` into exactly `output_size` bytes at `output` with a supported `codec`;
/// throws CorruptDataError when the bytes are malformed or decompress to another size. The
/// deprecated LZ4 codec is read in Hadoop's framing, falling back to the LZ4 frame format and a
/// raw LZ4 block as other readers do, since writers disagreed on what it meant.
void DecompressPage(int32_t codec, const uint8_t* input, size_t input_size, uint8_t* output,
                    size_t output_size);

}  // namespace ember::parquet
