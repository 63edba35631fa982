// The app keeps its replica's key in the OS keychain (qtkeychain: the Secret
// Service on Linux, the Keychain on macOS, the Credential Store on Windows):
// a random 256-bit key that is never written to disk, unlocked with the
// user's own login. Where no keychain service runs (no session bus, a
// kiosk, CI), the key falls back to the key file beside the replica
// (sync/client/replicakey.h), and the app says so on stderr.
#pragma once

namespace Kyodo {

// Makes every Replica::open of this process take its key from the keychain.
void useKeychainForReplicas();

} // namespace Kyodo
