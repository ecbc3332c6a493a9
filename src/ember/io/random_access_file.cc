#include "ember/io/random_access_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ember/common/error.h"

namespace ember {

std::unique_ptr<RandomAccessFile> RandomAccessFile::Open(const std::string& path) {
  int descriptor;
  do {
    descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (descriptor < 0 && errno == EINTR);
  if (descriptor < 0) {
    Throw(ErrorKind::kIo, "PATH_NOT_FOUND", "Cannot open file ", path,
          " for reading: ", std::strerror(errno), ".");
  }
  struct stat status;
  if (::fstat(descriptor, &status) != 0) {
    int error = errno;
    ::close(descriptor);
    Throw(ErrorKind::kIo, "FAILED_READ_FILE", "Cannot read ", path, ": ", std::strerror(error),
          ".");
  }
  if (!S_ISREG(status.st_mode)) {
    ::close(descriptor);
    Throw(ErrorKind::kIo, "FAILED_READ_FILE", "Cannot read ", path, ": ",
          S_ISDIR(status.st_mode) ? "it is a directory" : "it is not a regular file",
          "; pass the path of a file.");
  }
  return std::unique_ptr<RandomAccessFile>(
      new RandomAccessFile(path, descriptor, static_cast<int64_t>(status.st_size)));
}

RandomAccessFile::~RandomAccessFile() {
  ::close(descriptor_);
}

void RandomAccessFile::CheckRange(int64_t offset, size_t length) const {
  if (offset < 0 || offset > size_ || length > static_cast<uint64_t>(size_ - offset)) {
    Throw(ErrorKind::kIo, "FAILED_READ_FILE", "Cannot read ", length, " bytes at byte offset ",
          offset, " of ", path_, ": the file has only ", size_, " bytes.");
  }
}

void RandomAccessFile::ReadAt(int64_t offset, size_t length, uint8_t* out) const {
  CheckRange(offset, length);
  size_t done = 0;
  while (done < length) {
    ssize_t got = ::pread(descriptor_, out + done, length - done,
                          static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      Throw(ErrorKind::kIo, "FAILED_READ_FILE", "Cannot read ", length, " bytes at byte offset ",
            offset, " of ", path_, ": ",
            got == 0 ? "the file ended early (was it truncated while being read?)"
                     : std::strerror(errno),
            ".");
    }
    done += static_cast<size_t>(got);
  }
}

std::vector<uint8_t> RandomAccessFile::ReadAt(int64_t offset, size_t length) const {
  CheckRange(offset, length);
  std::vector<uint8_t> bytes(length);
  ReadAt(offset, length, bytes.data());
  return bytes;
}

}  // namespace ember
