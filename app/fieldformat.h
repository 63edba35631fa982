// How a field value reads on screen and how a control's value becomes a field
// value: yen with thousands separators, enum and ward labels in the user's
// language, dates as entered. The inverse (toFieldValue) is what forms send
// to the engine, which validates it exactly as the server will.
#pragma once

#include "protocol.h"
#include "replica.h"
#include "schema.h"

#include <QDate>
#include <QString>
#include <QVariant>

namespace Kyodo {

QString displayValue(const kyodo::FieldDef &field, const kyodo::json &value);
QString wardName(const QString &romaji);    // "naka" → 中区 / Naka
QString scopeName(const QString &scope);    // "ward:naka" → 中区, "committee" → 委員会
QString receiptLabel(const QString &state); // saved → 端末に保存済み / Saved on this device
QString receiptLabel(kyodo::OutboxState state);
QString stateWord(kyodo::OutboxState state); // the word QML compares with: "saved", "rejected", …
QString fieldTypeText(kyodo::FieldType type);
// The choices of an enum field as a choice control lists them: {value, label} in the user's language.
QVariantList choiceList(const kyodo::FieldDef &field);
// A stored moment as people read it, in this device's time zone:
// 2026年11月30日（月） 14:30 / Mon 30 Nov 2026 14:30. A date alone reads without
// a time; a moment with an offset or Z is converted, one without is shown as
// written (it was typed in local time). Anything else comes back as it is.
QString displayDateTime(const QString &iso);
// Fiscal years (April–March) as the city labels them: 平成30年度 / FY2018.
int fiscalYearOf(const QDate &date);
QString fiscalYearLabel(int fiscalYear);

// A control's value as a field value; null for an empty control.
kyodo::json toFieldValue(const kyodo::FieldDef &field, const QVariant &value);
// As displayValue, and a reference as the title of the record it points to
// (そのレコードは削除されています when deleted, 見つかりません when this device lacks it).
QString displayValueOn(kyodo::Replica &replica, const kyodo::SchemaSet *schemas, const kyodo::FieldDef &field,
                       const kyodo::json &value);
// The text of a record's title field ("" when it has none). With the replica,
// a title that is a reference reads as the title of the record it points to
// (one step: that record's own title is not followed further).
QString titleText(const kyodo::SchemaSet *schemas, const kyodo::ViewRecord &record, kyodo::Replica *replica = nullptr);
// titleText, else the name of the record's type.
QString recordTitle(const kyodo::SchemaSet *schemas, const kyodo::ViewRecord &record,
                    kyodo::Replica *replica = nullptr);
// A field value as the control shows it (numbers as numbers, the rest as text).
QVariant toControlValue(const kyodo::FieldDef &field, const kyodo::json &value);

// Control values by field key as field values; unknown keys pass as they are.
// With dropEmpty, empty values are left out (a new record) rather than clearing.
kyodo::json fieldsFromControls(const kyodo::TypeDef *type, const QVariantMap &fields, bool dropEmpty);
// What a change did, as its history and the needs-attention list name it.
QString operationLabel(kyodo::Op op);
// A report cell: 1,234 or 1,234円 / ¥1,234 for sums of yen; a first() column's
// text (`value` counts the group's values, so others read as 等 / etc.; no
// text, as in a total line, reads as nothing).
QString reportCellText(const kyodo::ReportColumn &column, qint64 value, const std::string &text = {});

QVariant jsonToVariant(const kyodo::json &value);
kyodo::json variantToJson(const QVariant &value);

} // namespace Kyodo
