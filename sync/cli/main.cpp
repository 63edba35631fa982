// kyodoctl: the sync engine from the command line, for operators, scripts
// and tests. Usage and exit codes: see usage() and README.md.
#include "commands.h"

#include <cstring>
#include <iostream>

using namespace kyodo;

namespace {

void usage(std::ostream &out)
{
    out << "使い方 / usage: kyodoctl --db FILE [--ca FILE] [--json] COMMAND [ARGS]\n"
           "  login URL USER                 サインイン / sign in (password: KYODO_PASSWORD or prompt)\n"
           "  logout                         サインアウト / end the token on the server (the data stays)\n"
           "  history ID                     サーバーの変更履歴（全員） / every user's changes to a record\n"
           "  put TYPE --scope S k=v …       新規作成 / create a record (prints its id)\n"
           "  edit ID k=v …                  編集 / edit fields (k= clears)\n"
           "  delete ID | restore ID         削除・復元 / delete or restore\n"
           "  move ID SCOPE                  スコープ移動 / move to another scope\n"
           "  show ID                        表示 / show one record\n"
           "  list [--type T] [--scope S] [--deleted]\n"
           "  sync                           同期 / push and pull\n"
           "  status [--all]                 送信状況 / changes and their receipt state\n"
           "  conflicts [--all]              競合一覧 / open conflicts\n"
           "  resolve CONFLICT_ID --take mine|theirs|value=V\n"
           "  discard CSEQ | resend CSEQ [k=v …]   差し戻しの破棄・修正再送 / needs attention\n"
           "  import FILE.jsonl | export [--type T] [--scope S]\n"
           "  verify                         検証 / recompute checksums, repair on next sync\n"
           "  report [NAME] [--from 年度] [--to 年度] [--format table|csv|json] [--lang ja|en]\n"
           "                                 集計 / a report (no NAME: the list); 年度 as 2018, H30, 平成30, R1\n"
           "exit: 0 ok, 1 error, 2 usage, 3 invalid input or rejected, 4 not found,\n"
           "      5 network or TLS, 6 authentication\n";
}

} // namespace

int main(int argc, char **argv)
{
    CliOptions opts;
    std::vector<std::string> rest;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string &out) {
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        if (a == "--db") {
            if (!value(opts.db))
                return usage(std::cerr), 2;
        } else if (a == "--ca") {
            if (!value(opts.ca))
                return usage(std::cerr), 2;
        } else if (a == "--json") {
            opts.json = true;
        } else if (a == "-h" || a == "--help") {
            usage(std::cout);
            return 0;
        } else if (rest.empty() && a.rfind("--", 0) == 0) {
            std::cerr << "不明なオプション / unknown option: " << a << "\n";
            usage(std::cerr);
            return 2;
        } else {
            rest.push_back(a);
        }
    }
    if (rest.empty()) {
        usage(std::cerr);
        return 2;
    }
    if (opts.db.empty()) {
        if (const char *env = std::getenv("KYODO_DB"))
            opts.db = env;
    }
    if (opts.db.empty()) {
        std::cerr << "--db FILE を指定してください / --db FILE is required\n";
        return 2;
    }
    return runCommand(opts, rest);
}
