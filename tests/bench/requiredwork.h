// Parts of the work kyodo-bench-attachments' transfers cannot leave out,
// each measured alone on this machine, for reading (b) and (c) against the
// raw transfer (a): SHA-256 (the server hashes each uploaded chunk and the
// whole file; the device hashes each downloaded file), the device's sealed
// chunk files (a download writes them, an upload reads them), and the
// server's store (the issue keeps blobs in it: an upload writes each chunk
// there, a download reads it back).
//
// The bench adds them to (a)'s own CPU as a floor to read (b) and (c)
// against, not as a figure to pass: on a virtual machine whose page cache is
// as slow to grow as this one's, parts measured alone cost more, or less,
// than the same work inside a transfer.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo::bench {

struct RequiredWork {
    double sha256Mbps = 0;
    double sha256MsPerMib = 0; // CPU of one pass of SHA-256
    double sealedWriteMbps = 0;
    double sealedWriteMsPerMib = 0; // CPU of a chunk sealed into its file on the device (ChunkFiles)
    double sealedReadMsPerMib = 0;  // and read back and opened
    // A chunk saved in kyodo-server's SQLite store (SqliteStore: its own
    // page size, WAL and checkpoint thread), one transaction each, as an
    // upload saves it, checkpoint included; and loaded back as a download
    // loads it. Only the bytes: no record, reference or proof.
    double storeWriteMsPerMib = 0;
    double storeReadMsPerMib = 0;
};

// `chunks` chunks of 1 MiB, in files and a store under `folder`, which is
// removed after. Throws std::runtime_error when a write or read fails.
RequiredWork measureRequiredWork(const std::string &folder, std::int64_t chunks);

} // namespace kyodo::bench
