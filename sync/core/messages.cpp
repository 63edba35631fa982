#include "messages.h"

#include <array>
#include <vector>

namespace kyodo {

namespace {

using M = Msg;

// One row per message, in the order of Msg. The code is registered in
// errorcodes.cpp; "" when the call site gives it.
constexpr std::array kMessages = std::to_array<MessageInfo>({
    // Requests and the documents the engine reads
    {M::MalformedRequest, "bad_request", "リクエストの形式が正しくありません: {1}", "Malformed request: {1}"},
    {M::MalformedRecord, "bad_record", "レコードの形式が正しくありません: {1}", "Malformed record: {1}"},
    {M::InvalidSchema, "bad_schema", "スキーマ {1} が正しくありません: {2}", "Invalid schema {1}: {2}"},
    {M::SchemaDirMissing, "schema_dir", "スキーマのフォルダ {1} がありません", "Schema directory {1} does not exist"},
    {M::InvalidReportDefinition, "bad_report", "レポート定義 {1} が正しくありません: {2}",
     "Invalid report definition {1}: {2}"},
    {M::InvalidScope, "bad_scope", "スコープ「{1}」は正しくありません（ward:区名, group:ID, committee, city）",
     "Invalid scope '{1}' (expected ward:<ward>, group:<id>, committee or city)"},
    {M::UnreadableFiscalYear, "bad_fiscal_year", "年度 \"{1}\" を読めません（例: 2018、H30、平成30、R1、令和元）",
     "Cannot read the fiscal year \"{1}\" (e.g. 2018, H30, 平成30, R1, 令和元)"},
    {M::AmbiguousFiscalYear, "ambiguous_fiscal_year",
     "「{1}」は平成{2}年度（{3}年度）とも令和{2}年度（{4}年度）とも読めます。元号を付けてください（例: H{2}、R{2}）",
     "\"{1}\" could be 平成{2} (FY{3}) or 令和{2} (FY{4}); add the era (e.g. H{2} or R{2})"},
    // Validation of records against the schemas
    {M::FieldRequired, "required", "「{1}」は必須です", "{1} is required"},
    {M::FieldRequiredWhen, "required", "「{2}」が「{3}」のときは「{1}」が必須です", "{1} is required when {2} is {3}"},
    {M::RecordNotUnique, "duplicate_record", "同じ{2}の{1}が既にあります。既存の記録を開いて編集してください",
     "There is already a {1} with {2}; open that record and edit it instead"},
    {M::FieldNotUtf8, "bad_encoding", "「{1}」の文字コードが正しくありません（UTF-8）", "{1} is not valid UTF-8"},
    {M::FieldTooLong, "too_long", "「{1}」は{2}文字以内で入力してください（現在{3}文字）",
     "{1} is limited to {2} characters (it has {3})"},
    {M::FieldTooShort, "too_short", "「{1}」は{2}文字以上で入力してください", "{1} needs at least {2} characters"},
    {M::FieldNegativeYen, "out_of_range", "「{1}」に負の金額は入力できません", "{1} cannot be a negative amount"},
    {M::FieldBelowMin, "out_of_range", "「{1}」は{2}以上にしてください", "{1} cannot be less than {2}"},
    {M::FieldAboveMax, "out_of_range", "「{1}」は{2}以下にしてください", "{1} cannot be more than {2}"},
    {M::FieldNotAChoice, "bad_enum", "「{1}」の「{2}」は選択肢にありません（選択肢: {3}）",
     "{1} has no choice '{2}' (choices: {3})"},
    {M::FieldNeedsText, "wrong_type", "「{1}」には文字を入力してください", "{1} needs text"},
    {M::FieldNeedsYen, "wrong_type", "「{1}」には金額（円）を入力してください", "{1} needs an amount in yen"},
    {M::FieldNeedsWholeNumber, "wrong_type", "「{1}」には数（整数）を入力してください", "{1} needs a whole number"},
    {M::FieldNeedsDate, "wrong_type", "「{1}」には正しい日付を入力してください", "{1} needs a valid date"},
    {M::FieldNeedsDateTime, "wrong_type", "「{1}」には正しい日時を入力してください", "{1} needs a valid date and time"},
    {M::FieldNeedsChoice, "wrong_type", "「{1}」には選択肢のどれかを入力してください", "{1} needs one of its choices"},
    {M::FieldNeedsYesNo, "wrong_type", "「{1}」には「はい」か「いいえ」を入力してください", "{1} needs yes or no"},
    {M::FieldNeedsWard, "wrong_type", "「{1}」には横浜市の区を入力してください", "{1} needs a ward of Yokohama"},
    {M::FieldNeedsRecordLink, "wrong_type", "「{1}」には記録への参照を入力してください",
     "{1} needs a link to a record"},
    {M::FieldNeedsAttachments, "wrong_type", "「{1}」には添付ファイルの一覧を入力してください",
     "{1} needs a list of attachments"},
    {M::AttachmentMalformed, "wrong_type", "「{1}」の添付ファイルの情報が正しくありません: {2}",
     "An attachment of {1} is malformed: {2}"},
    {M::AttachmentTooLarge, "attachment_too_large",
     "「{2}」（{3}）は「{1}」に添付できる大きさ（{4}まで）を超えています",
     "{2} ({3}) is larger than {1} takes (up to {4})"},
    {M::AttachmentTypeRefused, "attachment_type",
     "「{2}」の種類（{3}）は「{1}」に添付できません（添付できる種類: {4}）",
     "{2} is of type {3}, which {1} does not take (it takes {4})"},
    {M::AttachmentNameRefused, "wrong_type",
     "「{1}」に添付するファイルの名前に使えない文字があります（フォルダーの区切り、制御文字、見えない書式文字は使えません。"
     "名前は 255 バイトまで）。名前を変えてから添付してください",
     "A file name for {1} holds characters a name cannot (folder separators, control or invisible formatting "
     "characters; at most 255 bytes); rename the file and attach it again"},
    {M::AttachmentsTooMany, "wrong_type", "「{1}」に添付できるファイルは {2} 件までです",
     "{1} takes at most {2} files"},
    {M::FieldsNotAnObject, "wrong_type", "fields はオブジェクトでなければなりません", "fields must be an object"},
    {M::UnknownField, "unknown_field", "{1}に項目「{2}」はありません", "{1} has no field '{2}'"},
    {M::UnknownRecordType, "unknown_type", "レコード種別「{1}」はありません", "Unknown record type '{1}'"},
    {M::ScopeNotForType, "bad_scope", "{1}はスコープ「{2}」には保存できません",
     "{1} records cannot live in scope '{2}'"},
    {M::UnknownSchemaVersion, "schema_version",
     "スキーマ {1} の版 {2} はサーバーが知らない版です（サーバーは版 {3}）。アプリを更新してください",
     "Schema {1} version {2} is unknown to the server (it has version {3}); update the app"},
    {M::SchemaVersionTooOld, "schema_too_old",
     "スキーマ {1} の版 {2} の入力画面は古く、サーバーは受け付けません（版 {3} 以降）。アプリを更新してから送り直してください"
     "（変更はこの端末に残っています）",
     "The form of schema {1} version {2} is too old for the server (it takes version {3} or later); update the app and "
     "send the change again (it is kept on this device)"},
    // The device's replica and its changes
    {M::NoSchemasLogInFirst, "no_schemas", "スキーマがありません。先にサーバーへログインしてください",
     "No schemas on this device; log in to the server first"},
    {M::RecordNotOnDevice, "not_found", "レコード {1} はこの端末にありません", "Record {1} is not on this device"},
    {M::RecordIdNotUuid, "bad_id", "ID「{1}」は UUID ではありません", "Id '{1}' is not a UUID"},
    {M::RecordIdExists, "duplicate_id", "ID {1} のレコードは既にあります", "A record with id {1} already exists"},
    {M::NthRecordFailed, "", "{1}件目: {2}", "Record {1}: {2}"},
    {M::RecordNotDeleted, "record_live", "このレコードは削除されていません", "The record is not deleted"},
    {M::ScopeReadOnly, "read_only_scope",
     "「{1}」の記録は閲覧のみの権限です。ここでは作成・変更・削除できません（担当の管理者に権限を確認してください）",
     "You may only read the records of '{1}'; they cannot be created, changed or deleted here (ask your "
     "administrator about your access)"},
    {M::RecordAlreadyDeleted, "record_deleted", "このレコードは既に削除されています", "The record is already deleted"},
    {M::DeletedRecordCannotChange, "record_deleted", "削除されたレコードは変更できません。先に復元してください",
     "A deleted record cannot be changed; restore it first"},
    {M::BadTake, "usage", "解決方法は mine / theirs / value のいずれかです", "take must be mine, theirs or value"},
    {M::ConflictNotOnDevice, "not_found", "競合 {1} はこの端末にありません", "Conflict {1} is not on this device"},
    {M::ConflictAlreadyResolved, "conflict_closed", "この競合は既に解決されています",
     "This conflict is already resolved"},
    {M::ConflictResolutionPending, "conflict_pending", "この競合の解決は送信待ちです",
     "A resolution of this conflict is waiting to be sent"},
    {M::RestoredContentNotObject, "wrong_type", "復元する内容は項目名と値の組で指定してください",
     "The restored content must be an object of fields"},
    {M::NoSuchChange, "not_found", "変更 {1} はありません", "No change {1}"},
    {M::ChangeNotDiscardable, "not_discardable", "送信済みの変更は破棄できません（状態: {1}）",
     "Only unsent or rejected changes can be discarded (state: {1})"},
    {M::DeviceDatabaseError, "storage", "端末のデータベースでエラーが発生しました: {1}", "Device database error: {1}"},
    {M::CannotOpenDeviceDatabase, "storage_open", "端末のデータベースを開けません: {1}",
     "Cannot open the device database: {1}"},
    {M::KeyFileMissing, "replica_key",
     "端末のデータベースの鍵: 鍵ファイル {1} がありません。暗号化されたデータは鍵なしでは開けません",
     "The device database key: the key file {1} is missing; the encrypted data cannot be opened without it"},
    {M::KeyFileCannotCreate, "replica_key", "端末のデータベースの鍵: 鍵ファイル {1} を作れません",
     "The device database key: cannot create the key file {1}"},
    {M::KeyFileCannotWrite, "replica_key", "端末のデータベースの鍵: 鍵ファイル {1} を書けません",
     "The device database key: cannot write the key file {1}"},
    {M::KeyFileNotPrivate, "replica_key",
     "端末のデータベースの鍵: 鍵ファイル {1} は本人だけが読めるファイルでなければなりません（chmod 600）",
     "The device database key: the key file {1} must be a file only its owner can read (chmod 600)"},
    {M::KeyFileNotAKey, "replica_key", "端末のデータベースの鍵: 鍵ファイル {1} の中身が正しくありません（16進数64桁）",
     "The device database key: the key file {1} does not hold a key (64 hex digits)"},
    {M::NoDeviceDatabase, "not_found",
     "端末のデータベース {1} がありません。パスを確かめてください（新しい端末は kyodoctl --db {1} login で作ります）",
     "There is no device database at {1}; check the path (kyodoctl --db {1} login makes one for a new device)"},
    {M::ReportNotInSchemas, "not_found", "レポート {1} はこの端末のスキーマにありません",
     "Report {1} is not in this device's schemas"},
    {M::ReportNotByFiscalYear, "usage", "レポート {1} は年度別ではないため、年度の範囲を指定できません",
     "Report {1} is not by fiscal year; a year range does not apply"},
    // Talking to the server
    {M::AttachmentUnreadable, "attachment_unreadable", "ファイル「{1}」を読めません", "Cannot read the file {1}"},
    {M::AttachmentEmpty, "attachment_empty", "ファイル「{1}」は空です（0バイト）。空のファイルは添付できません",
     "The file {1} is empty (0 bytes); an empty file cannot be attached"},
    {M::AttachmentDamaged, "attachment_damaged",
     "ファイル「{1}」は途中で切れているか壊れています。元のファイルを確かめてください",
     "The file {1} is cut short or damaged; check the original"},
    {M::AttachmentKindMismatch, "attachment_kind",
     "ファイル「{1}」の中身は、記録にある種類（{2}）ではありません。元のファイルを確かめてください",
     "The bytes of {1} are not of the kind its record says ({2}); check the original"},
    {M::AttachmentAlreadyListed, "attachment_listed",
     "「{1}」は、同じ内容のファイルが「{2}」として既に添付されています",
     "{1} is attached already: the same file is there as {2}"},
    {M::AttachmentUnknown, "attachment_unknown", "添付ファイル {1} はこの端末のどの記録にもありません",
     "No record on this device names the attachment {1}"},
    {M::PhotoUnreadable, "attachment_damaged",
     "写真「{1}」（{2}）はこの端末で読めない種類のため、位置情報を消して小さくすることができません。JPEG か PNG "
     "にしてから追加してください",
     "The photo {1} ({2}) is of a kind this device cannot read, so its location cannot be removed nor its size "
     "reduced; add it as a JPEG or PNG"},
    {M::AttachmentBytesMismatch, "hash_mismatch",
     "「{1}」の内容が記録されたハッシュと一致しません（途中で切れたか壊れています）。保存済みの記録はそのままです",
     "The bytes of {1} do not match its recorded hash (truncated or damaged); nothing saved was changed"},
    {M::AttachmentNotOnDevice, "blob_not_here",
     "添付ファイル「{1}」はこの端末にまだありません。次の同期でダウンロードします",
     "The attachment {1} is not on this device yet; it is downloaded at the next sync"},
    {M::FieldNotAttachments, "wrong_type", "「{1}」は添付ファイルの項目ではありません",
     "{1} is not a field for attachments"},
    {M::AttachmentNotListed, "not_found",
     "ファイル {1} はこの記録に添付されていません（ほかの人がすでに外した可能性があります）",
     "The file {1} is not attached to this record (someone may have removed it already)"},
    {M::UrlNotAUrl, "insecure_url",
     "サーバーの URL「{1}」は使えません: URL として読めません（例: https://kyodo.example.jp）",
     "The server URL '{1}' cannot be used: it is not a URL (for example https://kyodo.example.jp)"},
    {M::UrlNoHost, "insecure_url", "サーバーの URL「{1}」は使えません: ホスト名がありません",
     "The server URL '{1}' cannot be used: it names no host"},
    {M::UrlHasUserName, "insecure_url", "サーバーの URL「{1}」は使えません: URL に利用者名を含めることはできません",
     "The server URL '{1}' cannot be used: it must not carry a user name"},
    {M::UrlPlainHttpNotLocal, "insecure_url",
     "サーバーの URL「{1}」は使えません: "
     "暗号化されない http はこの端末内（127.0.0.1 など）のサーバーにだけ使えます。https:// で始めてください",
     "The server URL '{1}' cannot be used: unencrypted http is only for a server on this machine (127.0.0.1 and the "
     "like); use https://"},
    {M::UrlNotHttps, "insecure_url", "サーバーの URL「{1}」は使えません: https:// で始めてください",
     "The server URL '{1}' cannot be used: it must start with https://"},
    {M::TlsVerifyFailed, "tls_verify",
     "サーバーの証明書を確認できないため、接続を中止しました。管理者に連絡してください",
     "The server's certificate could not be verified, so the connection was stopped. Please tell your administrator"},
    {M::OfflineChangesSaved, "offline", "サーバーに接続できません（オフライン）。変更はこの端末に保存されています",
     "Cannot reach the server (offline). Your changes are saved on this device"},
    {M::ConnectionBrokeOff, "network", "通信が途中で切れました。変更はこの端末に保存されており、次の同期で確かめます",
     "The connection broke off. Your changes are saved on this device and will be checked at the next sync"},
    {M::UnreadableServerResponse, "bad_response", "サーバーの応答を読み取れません",
     "Cannot read the server's response"},
    {M::ServerAnswerTooLarge, "bad_response",
     "サーバーの応答が大きすぎるため、読み込みを中止しました。変更はこの端末に保存されています",
     "The server's answer was too large, so reading it was stopped. Your changes are saved on this device"},
    {M::ServerAnsweredHttp, "", "サーバーがエラーを返しました（HTTP {1}）", "The server answered HTTP {1}"},
    {M::MalformedPullResponse, "bad_response", "サーバーの応答の形式が正しくありません", "Malformed pull response"},
    {M::NoTokenReturned, "bad_response", "サーバーがトークンを返しませんでした", "The server returned no token"},
    {M::SignInInvalid, "unauthorized", "認証が無効です。ログインし直してください（kyodoctl login）",
     "Not signed in or the token was revoked; log in again (kyodoctl login)"},
    {M::SignedOutOffline, "logout_offline",
     "この端末からはサインアウトしました。サーバーに届かなかったため、サインインの情報はサーバー側では有効期限まで残ります",
     "Signed out on this device. The server could not be reached, so it keeps the sign-in until it expires"},
    {M::ChecksumsStillDiffer, "checksum", "再取得してもデータの検証値が一致しません。管理者に連絡してください",
     "Scope checksums still differ after pulling again; contact the administrator"},
    // kyodoctl
    {M::UnknownCommand, "usage", "不明なコマンドです: {1}", "Unknown command: {1}"},
    {M::UnexpectedArgument, "usage", "{1} は引数を取りません（「{2}」）。使い方は kyodoctl --help で確かめてください",
     "{1} takes no argument ({2}); see kyodoctl --help"},
    {M::OptionNeedsValue, "usage", "{1} には値が必要です", "{1} needs a value"},
    {M::UnknownOption, "usage", "不明なオプション: {1}", "Unknown option: {1}"},
    {M::UsageLogin, "usage", "使い方: kyodoctl --db FILE [--ca FILE] login URL USER",
     "usage: kyodoctl --db FILE [--ca FILE] login URL USER"},
    {M::UsageHistory, "usage", "使い方: kyodoctl history ID", "usage: kyodoctl history ID"},
    {M::UsagePut, "usage", "使い方: kyodoctl put TYPE --scope SCOPE 項目=値 …",
     "usage: kyodoctl put TYPE --scope SCOPE key=value …"},
    {M::UsageEdit, "usage", "使い方: kyodoctl edit ID 項目=値 …", "usage: kyodoctl edit ID key=value …"},
    {M::UsageMove, "usage", "使い方: kyodoctl move ID SCOPE", "usage: kyodoctl move ID SCOPE"},
    {M::UsageResolve, "usage", "使い方: kyodoctl resolve CONFLICT_ID --take mine|theirs|value=値",
     "usage: kyodoctl resolve CONFLICT_ID --take mine|theirs|value=VALUE"},
    {M::UsageResend, "usage", "使い方: kyodoctl resend CSEQ [項目=値 …]", "usage: kyodoctl resend CSEQ [key=value …]"},
    {M::UsageImport, "usage", "使い方: kyodoctl import FILE.jsonl", "usage: kyodoctl import FILE.jsonl"},
    {M::UsageReport, "usage",
     "使い方: kyodoctl report [NAME] [--from 年度] [--to 年度] [--format table|csv|json] [--lang ja|en]",
     "usage: kyodoctl report [NAME] [--from FY] [--to FY] [--format table|csv|json] [--lang ja|en]"},
    {M::UsageAttach, "usage", "使い方: kyodoctl attach ID 項目 ファイル …", "usage: kyodoctl attach ID FIELD FILE …"},
    {M::UsageAttachments, "usage", "使い方: kyodoctl attachments ID", "usage: kyodoctl attachments ID"},
    {M::UsageFetch, "usage", "使い方: kyodoctl fetch SHA256 -o ファイル", "usage: kyodoctl fetch SHA256 -o FILE"},
    {M::UsageDetach, "usage", "使い方: kyodoctl detach ID 項目 SHA256", "usage: kyodoctl detach ID FIELD SHA256"},
    {M::NoPasswordGiven, "usage", "パスワードがありません（KYODO_PASSWORD か端末で入力）",
     "No password (set KYODO_PASSWORD or type it at the prompt)"},
    {M::GiveOneRecordId, "usage", "レコードIDを1つ指定してください", "Give exactly one record id"},
    {M::GiveOneChangeNumber, "usage", "変更番号 (cseq) を1つ指定してください", "Give exactly one change number (cseq)"},
    {M::FromYearAfterTo, "usage", "--from の年度が --to より後です", "--from is after --to"},
    {M::BadReportFormat, "usage", "--format は table / csv / json のいずれかです",
     "--format must be table, csv or json"},
    {M::BadReportLanguage, "usage", "--lang は ja / en のいずれかです", "--lang is ja or en"},
    {M::NotSignedInRunLogin, "not_signed_in", "サインインしていません。kyodoctl login URL USER を実行してください",
     "Not signed in; run kyodoctl login URL USER"},
    {M::CannotOpenFile, "not_found", "ファイルを開けません: {1}", "Cannot open {1}"},
    {M::ImportLineNotRecord, "bad_line",
     "{1}行目: {\"type\",\"scope\",\"fields\"} の JSON ではありません。何も取り込んでいません",
     "Line {1}: not a {\"type\",\"scope\",\"fields\"} JSON object; nothing imported"},
    {M::FieldArgNotKeyValue, "usage", "項目は 項目名=値 の形で指定してください: {1}",
     "Fields are given as key=value: {1}"},
    {M::FieldArgNeedsInteger, "wrong_type", "{1} には整数を入力してください: {2}", "Field {1} needs an integer: {2}"},
    {M::FieldArgNeedsBool, "wrong_type", "{1} は true か false です: {2}", "Field {1} needs true or false: {2}"},
    // The server's answers
    {M::NoSuchEndpoint, "not_found", "そのURLはありません", "No such endpoint"},
    {M::BodyNotAnObject, "bad_request", "本文はJSONオブジェクトでなければなりません", "The body must be a JSON object"},
    {M::LoginBodyFields, "bad_request", "user と password（文字列）が必要です（client_id は UUID）",
     "user and password (strings) are required (client_id: a UUID)"},
    {M::ChunkedBodyRefused, "length_required",
     "本文は長さ（Content-Length）を付けて送ってください。分割転送（chunked）は受け付けません",
     "Send the body with a Content-Length; chunked transfer is not accepted"},
    {M::CompressedBodyRefused, "unsupported_encoding", "圧縮された本文（Content-Encoding: {1}）は受け付けません",
     "Compressed request bodies (Content-Encoding: {1}) are not accepted"},
    {M::MalformedContentLength, "bad_request", "Content-Length が正しくありません", "Malformed Content-Length"},
    {M::MethodTakesNoBody, "bad_request", "このメソッドに本文は付けられません", "This method takes no body"},
    {M::BodyTooLarge, "too_large", "リクエストが大きすぎます（{1} バイトまで）",
     "Request body too large (at most {1} bytes)"},
    {M::JsonTooDeep, "too_deep", "JSONの入れ子が深すぎます（{1} 段まで）",
     "JSON nested too deeply (at most {1} levels)"},
    {M::TooManyMutations, "too_many_mutations", "一度に送れる変更は {1} 件までです", "At most {1} mutations per push"},
    {M::ClientSequenceMismatch, "client_reset",
     "この端末の送信番号がサーバーの記録と一致しません（{1}）。新しい端末IDで登録し直してください",
     "This device's sequence numbers do not match the server's record ({1}); re-register under a new client id"},
    {M::RecordNotFound, "not_found", "レコードが見つかりません", "Record not found"},
    {M::ConflictNotFound, "not_found", "競合が見つかりません", "Conflict not found"},
    {M::ConflictResolvedElsewhere, "conflict_closed", "この競合は既に別の端末で解決されています",
     "This conflict was already resolved elsewhere"},
    {M::DeletedRecordCannotEdit, "record_deleted", "削除済みのレコードは編集できません。先に復元してください",
     "A deleted record cannot be edited; restore it first"},
    {M::DeletedRecordCannotMove, "record_deleted", "削除済みのレコードは移動できません。先に復元してください",
     "A deleted record cannot be moved; restore it first"},
    {M::NoWriteToScopeKept, "forbidden",
     "スコープ「{1}」への書き込み権限がありません。この変更は管理者が確認できるようサーバーに保管しました",
     "You may not write to scope '{1}'; the change is kept on the server for an administrator"},
    {M::RecordOutsideScopesKept, "forbidden",
     "このレコードを変更する権限がありません（担当外の場所にあります）。"
     "この変更は管理者が確認できるようサーバーに保管しました",
     "You may not change this record (it is outside your scopes); the change is kept on the server for an "
     "administrator"},
    {M::ReferenceNotFound, "bad_reference", "「{1}」の参照先の記録が見つからないか、参照する権限がありません",
     "The record that '{1}' points to does not exist or you may not see it"},
    {M::BlobNotReferenced, "forbidden", "このファイルを参照する記録で、あなたが扱えるものがありません",
     "No record you may access refers to this file"},
    {M::ChunkTooLarge, "too_large", "ファイルの一片が大きすぎます（{1}バイトまで）",
     "A piece of the file is too large (up to {1} bytes)"},
    {M::ChunkNotBytes, "unsupported_media_type",
     "ファイルの一片はそのままのバイト列（Content-Type: application/octet-stream）で送ってください",
     "Send a piece of a file as its bytes (Content-Type: application/octet-stream)"},
    {M::ChunkHashMismatch, "hash_mismatch", "受け取ったデータがハッシュと一致しません。送り直してください",
     "The bytes received do not match their hash; send them again"},
    {M::ChunkKindMismatch, "kind_mismatch", "受け取ったファイルの中身は、記録にある種類（{1}）ではありません",
     "The file's bytes are not of the kind its record says ({1})"},
    {M::ChunkOutOfRange, "bad_request", "ファイルの一片の番号 {1} が範囲外です（{2}片）",
     "Piece {1} is out of range (the file has {2})"},
    {M::BlobChunkMissing, "not_found", "このファイルのその部分はサーバーにまだありません",
     "The server does not have that part of the file yet"},
    {M::BlobRoomFull, "storage_full",
     "サーバーの保存領域が残り少ないため、添付ファイルを受け付けていません。記録の同期は続きます。"
     "管理者に連絡してください",
     "The server is low on storage and takes no attachment files for now; records still sync. Tell your "
     "administrator"},
    {M::AccountLockedFor, "account_locked",
     "ログインの失敗が続いたため、このアカウントは一時的にロックされています。あと {1} "
     "分待つか、管理者に解除を依頼してください",
     "Too many failed sign-ins: this account is locked for another {1} min, or until an administrator unlocks it"},
    {M::TooManyAttemptsWait, "too_many_attempts",
     "ログインの試行が多すぎます。{1} 分ほど待ってからもう一度お試しください",
     "Too many sign-in attempts; try again in {1} min"},
    {M::AdminNeedsNoGrant, "grant_not_needed", "管理者はすべてのスコープを使えるため、付与は不要です",
     "An admin may use every scope; no grant is needed"},
    {M::GrantKindMismatch, "grant_mismatch", "役割 {1} にはスコープ「{2}」を付与できません（{3} の種類のみ）",
     "Role {1} cannot be granted scope '{2}' (only {3} scopes)"},
    // kyodo-server's administration commands
    {M::NoSuchUser, "not_found", "ユーザー「{1}」はいません", "No user '{1}'"},
    {M::UserExists, "failed", "ユーザー「{1}」は既にいます", "User '{1}' already exists"},
    {M::NoPasswordOrMismatch, "failed", "パスワードが入力されていないか、一致しません",
     "no password given, or the two entries differ"},
    {M::NoGrantOfScope, "failed", "「{1}」にはスコープ「{2}」が付与されていません",
     "'{1}' has no grant of scope '{2}'"},
    {M::NoActiveTokenMatches, "failed", "該当する有効なトークンはありません", "no matching active token"},
    {M::NoTokenMatches, "failed", "該当するトークンはありません", "no matching active token"},
    {M::NoKeptChange, "failed", "保管された変更「{1}」はありません", "No kept change '{1}'"},
    {M::ChangeAlreadyHandled, "failed", "この変更は既に処理されています（{1}）",
     "This change was already handled ({1})"},
    {M::CouldNotApply, "unavailable", "適用できませんでした: {1}", "Could not apply: {1}"},
    {M::NotAppliedStillKept, "failed", "適用できませんでした（保管したままです）", "Not applied (still kept)"},
    {M::DatabaseOperationFailed, "failed", "データベースの操作に失敗しました", "The database operation failed"},
    // kyodo-server serve
    {M::CannotOpenServerDatabase, "failed", "データベースを開けません", "cannot open the database"},
    {M::CannotLoadCertificate, "failed", "証明書または鍵を読み込めません", "cannot load the certificate or key"},
    {M::CannotRestrictTls, "failed", "TLS 1.2 以上に限定できません", "cannot restrict TLS to version 1.2 or later"},
    {M::CannotListenOn, "failed", "アドレス {1} で待ち受けできません", "cannot listen on {1}"},
    {M::BackupOfPostgresql, "usage",
     "PostgreSQL のデータベースは pg_dump --format=custom と pg_restore でバックアップ・復元してください",
     "Back up and restore a PostgreSQL database with pg_dump --format=custom and pg_restore"},
    {M::NoSuchDatabase, "not_found", "データベース {1} がありません", "There is no database {1}"},
    {M::RestoreTargetExists, "failed", "{1} は既にあります。復元は新しいデータベースにだけ行います",
     "{1} already exists; a restore only goes into a new database"},
    {M::NotAKyodoStore, "failed", "{1} は協働サーバーのデータベースとして読めません",
     "{1} cannot be read as a Kyodo server database"},
    {M::BackupFailed, "failed", "{1} へのバックアップ・復元に失敗しました", "Backing up or restoring to {1} failed"},
    {M::PgToolMissing, "failed", "{1} を実行できません。postgresql-client パッケージを入れてください",
     "Cannot run {1}; install the postgresql-client package"},
    {M::RestoreTargetNotEmpty, "failed",
     "データベース {1} は空ではありません。復元は createdb で作った空のデータベースにだけ行います",
     "The database {1} is not empty; a restore only goes into an empty database made with createdb"},
    // The app
    {M::RecordNotFoundInApp, "not_found", "記録が見つかりません", "Record not found"},
});

static_assert(kMessages.size() == static_cast<std::size_t>(Msg::Count), "one row per Msg");

constexpr bool inMsgOrder()
{
    for (std::size_t i = 0; i < kMessages.size(); ++i)
        if (static_cast<std::size_t>(kMessages[i].msg) != i)
            return false;
    return true;
}
static_assert(inMsgOrder(), "rows in the order of Msg");

using T = Txt;

// One row per text, in the order of Txt.
constexpr std::array kTexts = std::to_array<TextInfo>({
    // kyodoctl
    {T::ErrorLabel, "エラー", "error"},
    {T::UnknownOptionLabel, "不明なオプション", "unknown option"},
    {T::DbRequired, "--db FILE を指定してください", "--db FILE is required"},
    {T::SignedIn, "サインインしました", "signed in"},
    {T::ReadOnlyMark, "閲覧のみ", "read-only"},
    {T::SignedOutDataStays, "サインアウトしました。端末のデータは残っています",
     "signed out; data stays on this device"},
    {T::Syncing, "同期中", "syncing"},
    {T::Pending, "未反映", "pending"},
    {T::Imported, "{1} 件を取り込みました", "imported {1} records"},
    {T::AllScopesVerified, "すべてのスコープが一致しました", "all scopes verified"},
    {T::Mismatch, "不一致", "mismatch"},
    {T::PulledAgainNextSync, "次の同期で再取得します", "pulled again on next sync"},
    {T::RecordType, "種別", "type"},
    {T::RecordScope, "スコープ", "scope"},
    {T::RecordState, "状態", "state"},
    {T::StateDeleted, "{1}・削除済み", "{1}, deleted"},
    {T::Reason, "理由", "reason"},
    {T::DeleteVsEdit, "削除と編集の競合", "delete vs edit"},
    {T::ConflictBase, "基準", "base"},
    {T::ConflictMine, "自分", "mine"},
    {T::ConflictTheirs, "相手", "theirs"},
    {T::RepairedChecksum, "検証値の不一致を修復しました", "repaired checksum mismatch"},
    {T::RemovedRevokedScope, "権限がなくなったスコープを削除しました", "removed revoked scope"},
    {T::HandedToAdmin, "未反映の変更 {1} 件は管理者に引き渡しました（サーバーに保管）",
     "{1} unapplied changes were handed to the administrator (kept on the server)"},
    {T::ResentAfterRestore,
     "サーバーがバックアップから復元されていたため、サーバーが失った変更 {1} 件をこの端末から送り直しました",
     "The server had been restored from a backup; {1} changes it had lost were sent again from this device"},
    {T::ReturnedChangesRemoved, "差し戻されていた変更 {1} 件はスコープとともに削除しました",
     "{1} returned changes were removed with the scope"},
    {T::DraftsRemoved, "下書き {1} 件はスコープとともに削除しました", "{1} drafts were removed with the scope"},
    {T::Transferring, "添付ファイル", "Files"},
    {T::Uploading, "送信", "upload"},
    {T::Downloading, "受信", "download"},
    {T::FilesSent, "添付ファイル {1} 件（{2}）を送信しました", "sent {1} attachment files ({2})"},
    {T::FilesReceived, "添付ファイル {1} 件（{2}）を受信しました", "received {1} attachment files ({2})"},
    {T::FilesWaiting, "添付ファイル {1} 件は記録がサーバーに届いてから送受信します",
     "{1} attachment files wait until their records are on the server"},
    {T::Attached, "「{1}」（{2}）を添付しました。次の同期で送信します",
     "attached {1} ({2}); it is sent at the next sync"},
    {T::Detached, "ファイル {1} を記録から外しました。次の同期で送信します",
     "took the file {1} off the record; it is sent at the next sync"},
    {T::FileOnlyHere, "この端末のみ", "on this device only"},
    {T::FileUploading, "送信中 {1}%", "uploading {1}%"},
    {T::FileOnServer, "サーバー保存済み", "on the server"},
    {T::FileDownloading, "受信中 {1}%", "downloading {1}%"},
    {T::FileThumbOnly, "サムネイルのみ", "only a thumbnail here"},
    {T::FileNotHere, "この端末に未取得", "not downloaded to this device"},
    {T::FileWritten, "{1} に書き出しました", "written to {1}"},
    // kyodo-server's administration commands
    {T::PasswordPrompt, "パスワード", "Password"},
    {T::PasswordAgain, "もう一度", "Again"},
    {T::BlobsRemoved, "参照されなくなった添付ファイル {1} 件（{2}）を削除しました",
     "removed {1} attachment files no record lists ({2})"},
    // The words of a report's table
    {T::NotSet, "（未設定）", "(not set)"},
    {T::Yes, "はい", "Yes"},
    {T::No, "いいえ", "No"},
    {T::RecordNotOnDevice, "（この端末にない記録）", "(a record not on this device)"},
    {T::DeletedRecord, "{1}（削除済み）", "{1} (deleted)"},
    {T::TextAndMore, "{1} 等", "{1} etc."},
    {T::AmountInYen, "{1}円", "{1} yen"},
    {T::Total, "合計", "Total"},
    {T::FiscalYear, "年度", "Fiscal year"},
    {T::Ward, "区", "Ward"},
});

static_assert(kTexts.size() == static_cast<std::size_t>(Txt::Count), "one row per Txt");

constexpr bool textsInOrder()
{
    for (std::size_t i = 0; i < kTexts.size(); ++i)
        if (static_cast<std::size_t>(kTexts[i].txt) != i)
            return false;
    return true;
}
static_assert(textsInOrder(), "rows in the order of Txt");

using L = MixedLine;

// One row per line, in the order of MixedLine; each as kyodoctl prints it.
constexpr std::array kMixedLines = std::to_array<MixedLineInfo>({
    {L::KyodoctlUsage,
     "使い方 / usage: kyodoctl --db FILE [--ca FILE] [--json] COMMAND [ARGS]\n"
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
     "  attach ID FIELD FILE …         添付 / attach files to a record's field\n"
     "  attachments ID                 添付一覧 / a record's files and where they are\n"
     "  fetch SHA256 -o FILE           取り出し / write a file out (downloads it if needed)\n"
     "  detach ID FIELD SHA256         添付を外す / take a file off a record\n"
     "  report [NAME] [--from 年度] [--to 年度] [--format table|csv|json] [--lang ja|en]\n"
     "                                 集計 / a report (no NAME: the list); 年度 as 2018, H30, 平成30, R1\n"
     "exit: 0 ok, 1 error, 2 usage, 3 invalid input or rejected, 4 not found,\n"
     "      5 network or TLS, 6 not signed in or not allowed (a scope read only, another ward)\n"},
    {L::PasswordPrompt, "{1} のパスワード / password: "},
    {L::SyncSummary, "同期完了 / sync complete: 送信 sent {1} (反映 applied {2}, 競合 conflict {3}, 差し戻し rejected "
                     "{4}), 受信 received {5}"},
});

static_assert(kMixedLines.size() == static_cast<std::size_t>(MixedLine::Count), "one row per MixedLine");

constexpr bool mixedLinesInOrder()
{
    for (std::size_t i = 0; i < kMixedLines.size(); ++i)
        if (static_cast<std::size_t>(kMixedLines[i].line) != i)
            return false;
    return true;
}
static_assert(mixedLinesInOrder(), "rows in the order of MixedLine");

// Each language's arguments, in order.
struct Filling {
    std::vector<std::string_view> ja, en;
};

Filling fillingOf(std::initializer_list<MessageArg> args)
{
    Filling f;
    f.ja.reserve(args.size());
    f.en.reserve(args.size());
    for (const MessageArg &a : args) {
        f.ja.push_back(a.ja());
        f.en.push_back(a.en());
    }
    return f;
}

Error filled(std::string code, const MessageInfo &info, std::initializer_list<MessageArg> args)
{
    const Filling f = fillingOf(args);
    return Error{std::move(code), fillPlaceholders(info.ja, f.ja), fillPlaceholders(info.en, f.en), {}, {}};
}

} // namespace

std::span<const MessageInfo> allMessages() { return kMessages; }

const MessageInfo &messageInfo(Msg msg) { return kMessages[static_cast<std::size_t>(msg)]; }

std::string fillPlaceholders(std::string_view text, std::span<const std::string_view> args)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            std::size_t j = i + 1, n = 0;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9' && j - i <= 3)
                n = n * 10 + static_cast<std::size_t>(text[j++] - '0');
            if (j > i + 1 && j < text.size() && text[j] == '}' && n >= 1 && n <= args.size()) {
                out += args[n - 1];
                i = j + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

Error errorOf(Msg msg, std::initializer_list<MessageArg> args)
{
    const MessageInfo &info = messageInfo(msg);
    return filled(std::string(info.code), info, args);
}

Error errorOf(std::string code, Msg msg, std::initializer_list<MessageArg> args)
{
    return filled(std::move(code), messageInfo(msg), args);
}

std::span<const TextInfo> allTexts() { return kTexts; }

const TextInfo &textInfo(Txt txt) { return kTexts[static_cast<std::size_t>(txt)]; }

TextPair textOf(Txt txt, std::initializer_list<MessageArg> args)
{
    const TextInfo &info = textInfo(txt);
    const Filling f = fillingOf(args);
    return TextPair{fillPlaceholders(info.ja, f.ja), fillPlaceholders(info.en, f.en)};
}

std::string bilingual(Txt txt, std::initializer_list<MessageArg> args) { return textOf(txt, args).bilingual(); }

std::span<const MixedLineInfo> allMixedLines() { return kMixedLines; }

std::string lineOf(MixedLine line, std::initializer_list<MessageArg> args)
{
    return fillPlaceholders(kMixedLines[static_cast<std::size_t>(line)].text, fillingOf(args).ja);
}

} // namespace kyodo
