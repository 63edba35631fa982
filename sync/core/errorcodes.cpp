#include "errorcodes.h"

#include <array>

namespace kyodo {

namespace {

using X = ExitCode;

// Messages are those users read when the code says all there is to say; call
// sites with more to say (which field, which scope, how long to wait) name a
// message of the catalogue (messages.h) that carries the same code.
//
// Codes whose refusals kyodoctl has always ended with status 1 (exit
// Failed) keep it; a status of 0 means the code is never a server's answer
// (httpStatusOf gives 400 for it).
constexpr std::array kCodes = std::to_array<ErrorCodeInfo>({
    // The request itself
    {"usage", 400, X::Usage, false, "コマンドの使い方が正しくありません", "Wrong command line"},
    {"bad_request", 400, X::Failed, false, "リクエストの形式が正しくありません", "Malformed request"},
    {"bad_json", 400, X::Failed, false, "JSONとして読めません", "The body is not valid JSON"},
    {"too_deep", 400, X::Failed, false, "JSONの入れ子が深すぎます", "JSON nested too deeply"},
    {"method_not_allowed", 405, X::Failed, false, "このURLではそのメソッドは使えません", "Method not allowed here"},
    {"request_timeout", 408, X::Failed, false, "リクエストが時間内に届きませんでした",
     "The request did not arrive in time"},
    {"too_large", 413, X::Failed, false, "リクエストが大きすぎます", "Request body too large"},
    {"uri_too_long", 414, X::Failed, false, "リクエストのURLが長すぎます", "Request URL too long"},
    {"headers_too_large", 431, X::Failed, false, "リクエストのヘッダーが大きすぎます", "Request headers too large"},
    {"length_required", 411, X::Failed, false, "本文の長さ（Content-Length）が必要です",
     "A Content-Length is required"},
    {"unsupported_encoding", 415, X::Failed, false, "圧縮された本文は受け付けません",
     "Compressed request bodies are not accepted"},
    {"unsupported_media_type", 415, X::Failed, false, "本文は JSON（Content-Type: application/json）で送ってください",
     "Send the body as JSON (Content-Type: application/json)"},
    {"too_many_mutations", 429, X::Failed, false, "一度に送る変更が多すぎます", "Too many changes in one push"},
    // The push pipeline (pushpipeline.h)
    {"previous_batch_missing", 425, X::Failed, false,
     "この端末が直前に送った変更がサーバーに届いていません。次の同期で送り直します",
     "The batch this device sent just before has not reached the server; it is sent again at the next sync"},
    {"client_reset", 409, X::Failed, false,
     "この端末の送信番号がサーバーの記録と一致しません。新しい端末IDで登録し直してください",
     "This device's sequence numbers do not match the server's record; re-register under a new client id"},
    {"upgrade_required", 426, X::Failed, false,
     "このアプリは古いため、サーバーと同期できません。アプリを更新してください（この端末の記録はそのまま残ります）",
     "This version of the app is too old to sync with the server; please update the app (the records on this "
     "device are kept)"},
    {"server_restored", 409, X::Failed, false,
     "サーバーがバックアップから復元され、この端末の変更の一部を持っていません。この端末から送り直します",
     "The server was restored from a backup and no longer has some of this device's changes; this device sends "
     "them again"},
    // Who is asking
    {"unauthorized", 401, X::Denied, true, "認証に失敗しました。もう一度ログインしてください",
     "Authentication failed; please log in again"},
    {"token_expired", 401, X::Denied, true, "サインインの有効期限が切れました。もう一度サインインしてください",
     "Your sign-in has expired; please sign in again"},
    {"token_bound_elsewhere", 401, X::Denied, true,
     "このサインインは別の端末のものです。この端末でもう一度サインインしてください",
     "This sign-in belongs to another device; sign in again on this device"},
    {"device_wipe", 401, X::Denied, true,
     "管理者の指示により、この端末に保存された協働の記録を消去しました（端末の紛失の届け出など）。"
     "心当たりがない場合は管理者に連絡してください",
     "On the administrator's order, the records kept on this device have been deleted (for example because the "
     "device was reported lost). Contact your administrator if this is unexpected"},
    {"forbidden", 403, X::Denied, false, "この操作は許可されていません", "Not allowed"},
    {"duplicate_record", 400, X::Invalid, false, "同じ記録が既にあります", "The same record exists already"},
    {"read_only_scope", 403, X::Denied, false, "閲覧のみの権限です", "Read-only access"},
    {"not_signed_in", 0, X::Denied, false, "サインインしていません", "Not signed in"},
    {"account_locked", 429, X::Denied, false, "このアカウントは一時的にロックされています",
     "This account is locked for now"},
    {"too_many_attempts", 429, X::Denied, false, "ログインの試行が多すぎます。しばらく待ってからお試しください",
     "Too many sign-in attempts; try again later"},
    // What it is about
    {"not_found", 404, X::NotFound, false, "見つかりません", "Not found"},
    {"required", 400, X::Invalid, false, "必須の項目が入力されていません", "A required field is empty"},
    {"wrong_type", 400, X::Invalid, false, "値の種類が正しくありません", "Wrong type of value"},
    {"bad_enum", 400, X::Invalid, false, "選択肢にない値です", "Not one of the choices"},
    {"too_long", 400, X::Invalid, false, "長すぎます", "Too long"},
    {"too_short", 400, X::Invalid, false, "短すぎます", "Too short"},
    {"out_of_range", 400, X::Invalid, false, "範囲外の値です", "Out of range"},
    {"unknown_field", 400, X::Invalid, false, "定義にない項目です", "Unknown field"},
    {"unknown_type", 400, X::Invalid, false, "定義にない記録の種別です", "Unknown record type"},
    {"bad_scope", 400, X::Invalid, false, "スコープが正しくありません", "Bad scope"},
    {"bad_encoding", 400, X::Invalid, false, "文字コードが正しくありません", "Bad text encoding"},
    {"schema_version", 400, X::Invalid, false, "記録の定義の版が合いません", "Schema version mismatch"},
    {"schema_too_old", 400, X::Invalid, false, "記録の入力画面が古いため受け付けられません。アプリを更新してください",
     "The app's form for this record is too old; update the app"},
    {"record_deleted", 400, X::Invalid, false, "削除された記録です", "The record is deleted"},
    {"record_live", 400, X::Invalid, false, "削除されていない記録です", "The record is not deleted"},
    {"duplicate_id", 400, X::Invalid, false, "同じIDのレコードが既にあります", "A record with this id already exists"},
    {"bad_id", 400, X::Invalid, false, "IDが正しくありません", "Bad id"},
    {"attachment_too_large", 400, X::Invalid, false, "添付ファイルが大きすぎます", "The attachment is too large"},
    {"attachment_type", 400, X::Invalid, false, "この種類のファイルは添付できません",
     "Files of this type cannot be attached"},
    {"hash_mismatch", 422, X::Invalid, false, "ファイルの内容がハッシュと一致しません",
     "The file's bytes do not match its hash"},
    {"kind_mismatch", 422, X::Invalid, false, "ファイルの中身が記録にある種類ではありません",
     "The file's bytes are not of the kind its record says"},
    {"bad_reference", 400, X::Invalid, false, "参照先の記録が正しくありません", "Bad reference"},
    {"type_change", 400, X::Invalid, false, "レコードの種別は変更できません", "A record's type cannot change"},
    {"conflict_closed", 400, X::Invalid, false, "この競合は既に解決されています", "The conflict is already resolved"},
    {"conflict_pending", 400, X::Invalid, false, "この競合の解決を送信中です", "A resolution is being sent"},
    {"not_discardable", 400, X::Invalid, false, "送信済みの変更は破棄できません",
     "Only unsent or rejected changes can be discarded"},
    {"not_rejected", 400, X::Invalid, false, "差し戻された変更だけを再送できます",
     "Only rejected changes can be resent"},
    {"bad_line", 400, X::Invalid, false, "読み込めない行があります", "A line cannot be read"},
    {"bad_fiscal_year", 400, X::Invalid, false, "年度が読み取れません", "The fiscal year cannot be read"},
    {"ambiguous_fiscal_year", 400, X::Invalid, false, "年度が二通りに読めます", "The fiscal year is ambiguous"},
    {"bad_record", 400, X::Failed, false, "レコードの形式が正しくありません", "Malformed record"},
    {"bad_schema", 400, X::Failed, false, "スキーマが正しくありません", "Invalid schema"},
    {"schema_dir", 0, X::Failed, false, "スキーマのフォルダがありません", "The schema directory does not exist"},
    {"bad_report", 400, X::Failed, false, "レポート定義が正しくありません", "Invalid report definition"},
    {"grant_not_needed", 400, X::Failed, false, "管理者にスコープの付与は不要です", "An admin needs no grant"},
    {"grant_mismatch", 400, X::Failed, false, "この役割にはそのスコープを付与できません",
     "The role cannot be granted that scope"},
    // The device (never a server's answer)
    {"no_schemas", 0, X::Failed, false, "スキーマがありません", "No schemas on this device"},
    {"storage", 0, X::Failed, false, "端末のデータベースでエラーが発生しました", "Device database error"},
    {"storage_open", 0, X::Failed, false, "端末のデータベースを開けません", "Cannot open the device database"},
    {"replica_key", 0, X::Failed, false, "端末のデータベースの鍵を使えません",
     "The device database key cannot be used"},
    {"insecure_url", 0, X::Failed, false, "サーバーの URL は使えません", "The server URL cannot be used"},
    {"logout_offline", 0, X::Failed, false, "この端末からはサインアウトしました（サーバーには届いていません）",
     "Signed out on this device (the server was not reached)"},
    {"attachment_unreadable", 0, X::Failed, false, "ファイルを読めません", "Cannot read the file"},
    {"attachment_empty", 0, X::Invalid, false, "空のファイルは添付できません", "An empty file cannot be attached"},
    {"attachment_damaged", 0, X::Invalid, false, "ファイルが途中で切れているか壊れています",
     "The file is cut short or damaged"},
    {"attachment_kind", 0, X::Invalid, false, "ファイルの中身が記録にある種類ではありません",
     "The file's bytes are not of the kind its record says"},
    {"attachment_listed", 0, X::Invalid, false, "同じ内容のファイルが既に添付されています",
     "The same file is attached already"},
    {"attachment_unknown", 0, X::NotFound, false, "どの記録にもない添付ファイルです",
     "No record names this attachment"},
    {"blob_not_here", 0, X::NotFound, false, "添付ファイルはこの端末にまだありません",
     "The attachment is not on this device yet"},
    {"checksum", 0, X::Failed, false, "データの検証値が一致しません", "Scope checksums differ"},
    // kyodo-server's administration commands
    {"failed", 0, X::Failed, false, "操作に失敗しました", "The operation failed"},
    // Reaching the server
    {"bad_response", 0, X::Failed, false, "サーバーの応答を読み取れません", "Cannot read the server's response"},
    {"unavailable", 503, X::Unreachable, false, "サーバーが一時的に利用できません。しばらくしてから再試行してください",
     "The server is temporarily unavailable; retry later"},
    {"storage_full", 507, X::Unreachable, false, "サーバーの保存領域が残り少ないため、添付ファイルを受け付けていません",
     "The server is low on storage and takes no attachment files for now"},
    {"offline", 0, X::Unreachable, false, "サーバーに接続できません", "Cannot reach the server"},
    {"network", 0, X::Unreachable, false, "通信に失敗しました", "The network failed"},
    {"tls_verify", 0, X::Unreachable, false, "サーバーの証明書を確認できません",
     "The server's certificate cannot be verified"},
});

} // namespace

std::span<const ErrorCodeInfo> allErrorCodes() { return kCodes; }

const ErrorCodeInfo *findErrorCode(std::string_view code)
{
    for (const ErrorCodeInfo &info : kCodes)
        if (info.code == code)
            return &info;
    return nullptr;
}

int httpStatusOf(const Error &e)
{
    const ErrorCodeInfo *info = findErrorCode(e.code);
    return info && info->httpStatus > 0 ? info->httpStatus : 400;
}

int exitCodeOf(const Error &e)
{
    if (const ErrorCodeInfo *info = findErrorCode(e.code))
        return static_cast<int>(info->exit);
    // An answer the client could not make sense of, by its status class.
    if (e.code.rfind("http_5", 0) == 0)
        return static_cast<int>(ExitCode::Unreachable);
    return static_cast<int>(ExitCode::Failed);
}

bool signsOut(const Error &e)
{
    const ErrorCodeInfo *info = findErrorCode(e.code);
    return info && info->signsOut;
}

Error registeredError(std::string_view code, std::string detail)
{
    const ErrorCodeInfo *info = findErrorCode(code);
    if (!info) // a programming error; still an error value with a message
        return Error{std::string(code), "内部エラー", "Internal error", {}, std::move(detail)};
    return Error{std::string(code), std::string(info->messageJa), std::string(info->messageEn), {}, std::move(detail)};
}

} // namespace kyodo
