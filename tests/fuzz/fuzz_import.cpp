// `kyodoctl import FILE.jsonl`: the bytes are the file, and the whole command
// runs as kyodoctl runs it (kyodo::runCommand → Cli::import: line by line
// json::parse, the {"type","scope","fields"} check, then
// Replica::createMany's validation against the schemas and its one
// transaction of saves).
//
// The replica is a device that has signed in: a template is made once per
// process (Replica::open, then saveSchemas with the real plugin schemas as
// GET /v1/schemas serves them) and copied over the working file before each
// input, so every import starts from the same empty device. Both files live
// in a private folder under $TMPDIR (else /dev/shm), removed at exit.
#include "commands.h"
#include "fuzzschemas.h"
#include "replica.h"
#include "replicakey.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <string>

#include <unistd.h>

using namespace kyodo;
namespace fs = std::filesystem;

namespace {

fs::path g_dir;
bool g_verbose = false;
std::string g_template, g_db, g_input;

// kyodoctl reports every line it reads; none of it is wanted here.
struct NullBuffer : std::streambuf {
    int overflow(int c) override { return c; }
} g_null;

void removeDir()
{
    std::error_code ec;
    fs::remove_all(g_dir, ec);
}

void die(const std::string &why)
{
    std::fprintf(stderr, "fuzz_import: %s\n", why.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    const char *tmp = std::getenv("TMPDIR");
    const char *base = tmp && *tmp ? tmp : fs::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/kyodo-fuzz-import-XXXXXX";
    if (!mkdtemp(pattern.data()))
        die("cannot make a folder under " + std::string(base));
    g_dir = pattern;
    std::atexit(removeDir);
    g_template = (g_dir / "template.db").string();
    g_db = (g_dir / "device.db").string();
    g_input = (g_dir / "import.jsonl").string();
    // Every replica of this run shares one raw key: the copy of the template
    // opens without a key file, and no key derivation slows each input.
    const std::string key = newRawKey();
    setReplicaKeySource([key](const std::string &) -> Result<DbKey> { return DbKey{key, {}}; });
    {
        auto replica = Replica::open(g_template);
        if (!replica)
            die("cannot open the template replica: " + replica.error().messageEn);
        if (Status st = (*replica)->saveSchemas(fuzz::pluginSchemas().toJson()); !st)
            die("cannot save the schemas: " + st.error().messageEn);
    } // closed: the WAL is folded back into the one file
    // KYODO_FUZZ_VERBOSE=1 keeps kyodoctl's messages (to read a reproduction).
    g_verbose = std::getenv("KYODO_FUZZ_VERBOSE") != nullptr;
    if (!g_verbose) {
        std::cout.rdbuf(&g_null);
        std::cerr.rdbuf(&g_null);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    {
        std::ofstream out(g_input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
        if (!out)
            die("cannot write " + g_input);
    }
    std::error_code ec;
    fs::remove(g_db + "-wal", ec);
    fs::remove(g_db + "-shm", ec);
    // libFuzzer's own timers interrupt system calls: a copy cut short is tried again.
    bool copied = false;
    for (int attempt = 0; attempt < 5 && !copied; ++attempt)
        copied = fs::copy_file(g_template, g_db, fs::copy_options::overwrite_existing, ec);
    if (!copied)
        die("cannot copy the template replica: " + ec.message());

    CliOptions options;
    options.db = g_db;
    const int code = runCommand(options, {"import", g_input});
    if (g_verbose)
        std::cerr << "kyodoctl import: exit " << code << "\n";
    // 0 imported; 3 a line or a record refused (nothing imported). Anything
    // else (1: storage error) means the import itself broke.
    if (code != 0 && code != 3)
        __builtin_trap();
    return 0;
}
