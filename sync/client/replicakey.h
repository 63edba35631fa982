// Where a device replica's key comes from (issue 11: a lost tablet gives
// nothing away). Every Replica::open asks replicaKey() for its file's key.
//
//  - The app installs a source backed by the OS keychain (qtkeychain): a
//    random 256-bit key that never touches the disk.
//  - Elsewhere (kyodoctl, tests, a desktop with no keychain service):
//    KYODO_REPLICA_PASSPHRASE, when set, is the passphrase (SQLCipher's
//    PBKDF2-HMAC-SHA512 with 256,000 iterations makes each guess cost);
//    otherwise a key file beside the replica, FILE.key: 32 random bytes in
//    hex, created 0600 and refused when anyone but its owner may read it.
//    A key file protects a copied replica, not a stolen device with its
//    disk; that needs the keychain, the passphrase, or disk encryption.
#pragma once

#include "result.h"
#include "sqlite.h"

#include <functional>
#include <string>

namespace kyodo {

using ReplicaKeySource = std::function<Result<DbKey>(const std::string &replicaPath)>;

// Replaces the source of every later Replica::open (empty: the default).
void setReplicaKeySource(ReplicaKeySource source);

// The key of the replica at `path`, from the installed source.
Result<DbKey> replicaKey(const std::string &path);

// KYODO_REPLICA_PASSPHRASE, else the key file beside the replica.
Result<DbKey> defaultReplicaKey(const std::string &path);

// The key file `keyPath` (made for a replica that does not exist yet or is
// still plain; an encrypted replica without its key file cannot be opened).
Result<DbKey> keyFromFile(const std::string &keyPath, const std::string &replicaPath);

// 32 random bytes as 64 hex digits.
std::string newRawKey();

} // namespace kyodo
