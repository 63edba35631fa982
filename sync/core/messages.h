// The catalogue of the engine's user-facing messages: one row per message in
// messages.cpp, with the error code it carries and its Japanese and English
// templates, so translators and reviewers read every message in one file.
// Call sites name a message (Msg) and hand over what fills its numbered
// placeholders {1}, {2}, … ; they write no text of their own.
//
// The templates of a row use the same placeholders, numbered 1..n without a
// gap, in whatever order each language needs (tst_messages checks it). An
// argument is inserted as it is: a "{1}" inside it is not expanded again.
//
// A message whose code is only the registry's (errorcodes.h) needs no row:
// registeredError(code) gives the registry's message.
//
// What the programs print that is not an error — a label, a heading, a
// sentence, the words of a report's table — is a text (Txt), with the same
// kind of row minus the code; textOf() fills it, bilingual() prints it the
// way kyodoctl and kyodo-server print a text, "ja / en". A few of kyodoctl's
// lines set both languages side by side in a layout of their own (its usage,
// the sync summary): each is one template (MixedLine), printed as it is.
#pragma once

#include "result.h"

#include <concepts>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace kyodo {

enum class Msg {
    // Requests and the documents the engine reads (core)
    MalformedRequest,        // {1} what is wrong, in the protocol's words
    MalformedRecord,         // {1} what is wrong
    InvalidSchema,           // {1} which schema, {2} what is wrong
    SchemaDirMissing,        // {1} the directory
    InvalidReportDefinition, // {1} which report, {2} what is wrong
    InvalidScope,            // {1} the scope
    UnreadableFiscalYear,    // {1} as typed
    AmbiguousFiscalYear,     // {1} as typed, {2} the year without an era, {3} as 平成, {4} as 令和
    // Validation of records against the schemas (core); {1} is the field's label
    FieldRequired,
    FieldRequiredWhen, // {1} the field, {2} the other field, {3} its value
    RecordNotUnique,   // {1} the type, {2} the fields and values that repeat
    FieldNotUtf8,
    FieldTooLong,  // {2} the limit, {3} the length
    FieldTooShort, // {2} the minimum
    FieldNegativeYen,
    FieldBelowMin,   // {2} the minimum
    FieldAboveMax,   // {2} the maximum
    FieldNotAChoice, // {2} the value, {3} the choices
    FieldNeedsText,
    FieldNeedsYen,
    FieldNeedsWholeNumber,
    FieldNeedsDate,
    FieldNeedsDateTime,
    FieldNeedsChoice,
    FieldNeedsYesNo,
    FieldNeedsWard,
    FieldNeedsRecordLink,
    FieldNeedsAttachments,
    AttachmentMalformed,   // {1} the field, {2} what is wrong
    AttachmentTooLarge,    // {1} the field, {2} the file name, {3} its size, {4} the limit
    AttachmentTypeRefused, // {1} the field, {2} the file name, {3} its type, {4} the types taken
    AttachmentNameRefused, // {1} the field
    AttachmentsTooMany,    // {1} the field, {2} the most it takes
    FieldsNotAnObject,
    UnknownField,         // {1} the record type's label, {2} the key
    UnknownRecordType,    // {1} the type
    ScopeNotForType,      // {1} the record type's label, {2} the scope
    UnknownSchemaVersion, // {1} the plugin, {2} the version sent, {3} the server's
    SchemaVersionTooOld,  // {1} the plugin, {2} the version sent, {3} the oldest taken
    // The device's replica and its changes (client)
    NoSchemasLogInFirst,
    RecordNotOnDevice, // {1} the record id
    RecordIdNotUuid,   // {1} the id
    RecordIdExists,    // {1} the id
    NthRecordFailed,   // {1} its position from 1, {2} the error's message; carries the error's code
    RecordNotDeleted,
    ScopeReadOnly, // {1} the scope
    RecordAlreadyDeleted,
    DeletedRecordCannotChange,
    BadTake,
    ConflictNotOnDevice, // {1} the conflict id
    ConflictAlreadyResolved,
    ConflictResolutionPending,
    RestoredContentNotObject,
    NoSuchChange,             // {1} the change number (cseq)
    ChangeNotDiscardable,     // {1} the change's state
    DeviceDatabaseError,      // {1} the database's own words
    CannotOpenDeviceDatabase, // {1} the database's own words
    KeyFileMissing,           // {1} the key file; the same for the KeyFile… below
    KeyFileCannotCreate,
    KeyFileCannotWrite,
    KeyFileNotPrivate,
    KeyFileNotAKey,
    NoDeviceDatabase,        // {1} the path given as --db
    ReportNotInSchemas,      // {1} the report id
    ReportNotByFiscalYear,   // {1} the report id
    AttachmentUnreadable,    // {1} the file
    AttachmentEmpty,         // {1} the file
    AttachmentDamaged,       // {1} the file: a JPEG, PNG or PDF without its end
    AttachmentKindMismatch,  // {1} the file, {2} the kind it is said to be: its bytes are not that
    AttachmentAlreadyListed, // {1} the file picked, {2} the name the same bytes are listed under
    AttachmentUnknown,       // {1} a hash no record on the device names
    PhotoUnreadable,         // {1} the file, {2} its type: no picture read, so no location stripped
    AttachmentBytesMismatch, // {1} the file name
    AttachmentNotOnDevice,   // {1} the file name or hash
    FieldNotAttachments,     // {1} the field
    AttachmentNotListed,     // {1} the file's hash
    // Talking to the server (client)
    UrlNotAUrl, // {1} the URL; the same for the Url… below
    UrlNoHost,
    UrlHasUserName,
    UrlPlainHttpNotLocal,
    UrlNotHttps,
    TlsVerifyFailed,
    OfflineChangesSaved,
    ConnectionBrokeOff,
    UnreadableServerResponse,
    ServerAnswerTooLarge,
    ServerAnsweredHttp, // {1} the status; carries "http_<status>"
    MalformedPullResponse,
    NoTokenReturned,
    SignInInvalid,
    SignedOutOffline,
    ChecksumsStillDiffer,
    // kyodoctl
    UnknownCommand,     // {1} the command
    UnexpectedArgument, // {1} the command, {2} the first argument it does not take
    OptionNeedsValue,   // {1} the option
    UnknownOption,      // {1} the option
    UsageLogin,
    UsageHistory,
    UsagePut,
    UsageEdit,
    UsageMove,
    UsageResolve,
    UsageResend,
    UsageImport,
    UsageReport,
    UsageAttach,
    UsageAttachments,
    UsageFetch,
    UsageDetach,
    NoPasswordGiven,
    GiveOneRecordId,
    GiveOneChangeNumber,
    FromYearAfterTo,
    BadReportFormat,
    BadReportLanguage,
    NotSignedInRunLogin,
    CannotOpenFile,       // {1} the file
    ImportLineNotRecord,  // {1} the line number
    FieldArgNotKeyValue,  // {1} the word
    FieldArgNeedsInteger, // {1} the field as kyodoctl names it, {2} the text given
    FieldArgNeedsBool,    // {1} the field as kyodoctl names it, {2} the text given
    // The server's answers
    NoSuchEndpoint,
    BodyNotAnObject,
    LoginBodyFields,
    ChunkedBodyRefused,
    CompressedBodyRefused, // {1} the Content-Encoding
    MalformedContentLength,
    MethodTakesNoBody,
    BodyTooLarge,           // {1} the limit in bytes
    JsonTooDeep,            // {1} the limit in levels
    TooManyMutations,       // {1} the limit
    ClientSequenceMismatch, // {1} what does not match
    RecordNotFound,
    ConflictNotFound,
    ConflictResolvedElsewhere,
    DeletedRecordCannotEdit,
    DeletedRecordCannotMove,
    NoWriteToScopeKept, // {1} the scope
    RecordOutsideScopesKept,
    ReferenceNotFound, // {1} the field's label
    BlobNotReferenced,
    ChunkTooLarge, // {1} the limit in bytes
    ChunkNotBytes,
    ChunkHashMismatch,
    ChunkKindMismatch, // {1} the kind the caller's records say the file is
    ChunkOutOfRange,   // {1} the index sent, {2} the file's number of chunks
    BlobChunkMissing,
    BlobRoomFull,
    AccountLockedFor,    // {1} minutes
    TooManyAttemptsWait, // {1} minutes
    AdminNeedsNoGrant,
    GrantKindMismatch, // {1} the role, {2} the scope, {3} the kinds of scope it may have
    // kyodo-server's administration commands
    NoSuchUser, // {1} the user
    UserExists, // {1} the user
    NoPasswordOrMismatch,
    NoGrantOfScope, // {1} the user, {2} the scope
    NoActiveTokenMatches,
    NoTokenMatches,
    NoKeptChange,         // {1} its id
    ChangeAlreadyHandled, // {1} its status
    CouldNotApply,        // {1} the server's answer
    NotAppliedStillKept,
    DatabaseOperationFailed,
    // kyodo-server serve
    CannotOpenServerDatabase, // the database's own words in the detail
    CannotLoadCertificate,
    CannotRestrictTls,
    CannotListenOn, // {1} the address
    // kyodo-server backup / restore
    BackupOfPostgresql,    // use pg_dump / pg_restore
    NoSuchDatabase,        // {1} the path
    RestoreTargetExists,   // {1} the path
    NotAKyodoStore,        // {1} the file; what is wrong in the detail
    BackupFailed,          // {1} the file; SQLite's words in the detail
    PgToolMissing,         // {1} the tool (pg_dump, pg_restore)
    RestoreTargetNotEmpty, // {1} the database (user@host:port/name)
    // The app
    RecordNotFoundInApp,

    Count // not a message: how many there are
};

struct MessageInfo {
    Msg msg;
    // The code an error with this message carries (registered in errorcodes.h);
    // empty for a message that takes its code from the call site (one that
    // words another error, or an HTTP status).
    std::string_view code;
    std::string_view ja;
    std::string_view en;
};

// Every row, in the order of Msg.
std::span<const MessageInfo> allMessages();
const MessageInfo &messageInfo(Msg msg);

// What fills a placeholder: the same text in both languages (an id, a
// number, a user's input), or a text of each language (a label, the message
// of another error).
class MessageArg {
public:
    MessageArg(std::string text) : m_ja(text), m_en(std::move(text)) {}
    MessageArg(const char *text) : MessageArg(std::string(text)) {}
    template <std::integral N>
    requires(!std::same_as<N, bool> && !std::same_as<N, char>) MessageArg(N number) : MessageArg(std::to_string(number))
    {}

    static MessageArg perLanguage(std::string ja, std::string en) { return MessageArg(std::move(ja), std::move(en)); }
    static MessageArg messageOf(const Error &e) { return MessageArg(e.messageJa, e.messageEn); }

    const std::string &ja() const { return m_ja; }
    const std::string &en() const { return m_en; }

private:
    MessageArg(std::string ja, std::string en) : m_ja(std::move(ja)), m_en(std::move(en)) {}
    std::string m_ja;
    std::string m_en;
};

// `text` with each {n} replaced by args[n-1]; a placeholder without an
// argument stays as it is.
std::string fillPlaceholders(std::string_view text, std::span<const std::string_view> args);

// An error with the message's code and its templates filled with `args`.
Error errorOf(Msg msg, std::initializer_list<MessageArg> args = {});
// The same error with what a program or a log needs beside it (Error::detail).
inline Error withDetail(Error e, std::string detail)
{
    e.detail = std::move(detail);
    return e;
}
// The same under another code: the code of the error the message words, or
// the transport's "http_<status>".
Error errorOf(std::string code, Msg msg, std::initializer_list<MessageArg> args = {});

// Texts that are not errors. Most print as "ja / en" (bilingual()); one
// that names what follows is printed "ja / en: value".
enum class Txt {
    // kyodoctl
    ErrorLabel,         // before an error's code and message
    UnknownOptionLabel, // before the option
    DbRequired,
    SignedIn,     // before the user, role and scopes
    ReadOnlyMark, // after a scope granted for reading only
    SignedOutDataStays,
    Syncing,  // before the phase and its progress
    Pending,  // before the number of unsent changes
    Imported, // {1} how many records
    AllScopesVerified,
    Mismatch, // before the scope
    PulledAgainNextSync,
    RecordType, // the labels of a record's detail
    RecordScope,
    RecordState,
    StateDeleted, // {1} the receipt state of a deleted record
    Reason,       // before a rejected change's code and message
    DeleteVsEdit, // the kind of a conflict
    ConflictBase, // the three values of a conflict
    ConflictMine,
    ConflictTheirs,
    RepairedChecksum,       // before the scope
    RemovedRevokedScope,    // before the scope
    HandedToAdmin,          // {1} how many changes
    ResentAfterRestore,     // {1} how many changes
    ReturnedChangesRemoved, // {1} how many changes
    DraftsRemoved,          // {1} how many drafts
    Transferring,           // before the direction, the bytes moved and the total
    Uploading,              // the directions of the file queue
    Downloading,
    FilesSent,       // {1} how many files, {2} their size
    FilesReceived,   // {1} how many files, {2} their size
    FilesWaiting,    // {1} how many files
    Attached,        // {1} the file's name, {2} its size
    Detached,        // {1} the file's hash
    FileOnlyHere,    // the states of an attachment on this device
    FileUploading,   // {1} percent
    FileOnServer,    // uploaded, or fetched: the whole file is here too
    FileDownloading, // {1} percent
    FileThumbOnly,   // not here, its thumbnail is
    FileNotHere,     // not here, nor its thumbnail
    FileWritten,     // {1} the file written
    // kyodo-server's administration commands
    PasswordPrompt,
    PasswordAgain,
    BlobsRemoved, // {1} how many files, {2} their size ("2.4 MB")
    // The words of a report's table
    NotSet, // a key without a value
    Yes,
    No,
    RecordNotOnDevice, // a reference to a record the device does not hold
    DeletedRecord,     // {1} what the record is called
    TextAndMore,       // {1} the first of several texts in a cell
    AmountInYen,       // {1} the amount, with separators
    Total,
    FiscalYear,
    Ward,

    Count // not a text: how many there are
};

struct TextInfo {
    Txt txt;
    std::string_view ja;
    std::string_view en;
};

// Every row, in the order of Txt.
std::span<const TextInfo> allTexts();
const TextInfo &textInfo(Txt txt);

// A text filled in both languages.
struct TextPair {
    std::string ja;
    std::string en;

    const std::string &in(bool english) const { return english ? en : ja; }
    // "ja / en": how kyodoctl and kyodo-server print a text.
    std::string bilingual() const { return ja + " / " + en; }
};

TextPair textOf(Txt txt, std::initializer_list<MessageArg> args = {});
std::string bilingual(Txt txt, std::initializer_list<MessageArg> args = {});

// kyodoctl's lines with both languages side by side in their own layout
// rather than "ja / en" (a gloss after each word, a command's syntax).
enum class MixedLine {
    KyodoctlUsage,
    PasswordPrompt, // {1} the user
    SyncSummary,    // {1} sent, {2} applied, {3} conflicts, {4} rejected, {5} records received

    Count // not a line: how many there are
};

struct MixedLineInfo {
    MixedLine line;
    std::string_view text;
};

// Every row, in the order of MixedLine.
std::span<const MixedLineInfo> allMixedLines();

// The line filled with `args`, each the same in both languages (a number, a
// name): a per-language argument gives its Japanese.
std::string lineOf(MixedLine line, std::initializer_list<MessageArg> args = {});

} // namespace kyodo
