// What kyodo-bench-attachments' transfers cannot leave out, each part
// measured alone in CPU (user + system) per MiB on this machine, so a run
// says how far its transfers are from the least they could cost.
//
// An upload must, beyond moving the bytes: on the device, read and open the
// sealed chunk; on the server, take the chunk's SHA-256 (it must match the
// hash the device sent with it), take the file's SHA-256 over all its
// chunks (the file is named by it), and keep the chunk in its store. A
// download must: on the server, read the chunk from its store; on the
// device, check the file's SHA-256 and seal the chunk into its file.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo::bench {

struct RequiredWork {
    double sha256Mbps = 0;
    double sha256MsPerMib = 0;     // one pass of SHA-256
    double storeWriteMsPerMib = 0; // a chunk kept by the server's SQLite store: its page size, WAL, checkpoints
    double storeReadMsPerMib = 0;  // and read back from it
    double sealedWriteMbps = 0;
    double sealedWriteMsPerMib = 0; // a chunk sealed into its file on the device (ChunkFiles)
    double sealedReadMsPerMib = 0;  // and read back and opened

    double leastUploadExtra() const { return sealedReadMsPerMib + 2 * sha256MsPerMib + storeWriteMsPerMib; }
    double leastDownloadExtra() const { return storeReadMsPerMib + sha256MsPerMib + sealedWriteMsPerMib; }
};

// `chunks` chunks of 1 MiB, in files and a database under `folder`, which is
// removed after. Throws std::runtime_error when a write or read fails.
RequiredWork measureRequiredWork(const std::string &folder, std::int64_t chunks);

} // namespace kyodo::bench
