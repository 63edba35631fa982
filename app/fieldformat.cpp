#include "fieldformat.h"

#include "language.h"
#include "replica.h"
#include "reportengine.h"
#include "scope.h"
#include "wareki.h"

#include <QCoreApplication>
#include <QLocale>

namespace Kyodo {

using kyodo::FieldType;
using kyodo::json;

QString wardName(const QString &romaji)
{
    const kyodo::Ward *w = kyodo::findWard(romaji.toStdString());
    if (!w)
        return romaji;
    QString en = romaji;
    if (!en.isEmpty())
        en[0] = en[0].toUpper();
    return localized(QString::fromUtf8(w->ja), en);
}

QString scopeName(const QString &scope)
{
    if (scope.startsWith(QLatin1String("ward:")))
        return wardName(scope.mid(5));
    if (scope == QLatin1String("committee"))
        return QCoreApplication::translate("Kyodo", "市民協働推進委員会");
    if (scope == QLatin1String("city"))
        return QCoreApplication::translate("Kyodo", "市全体");
    if (scope.startsWith(QLatin1String("group:")))
        // Only the group's id is known here (AppServices::scopeLabel finds its
        // name in its records); say so rather than pass the id off as a name.
        return QCoreApplication::translate("Kyodo", "名称未登録の団体（%1）").arg(scope.mid(6));
    return scope;
}

QString stateWord(kyodo::OutboxState state) { return QString::fromUtf8(kyodo::toString(state).data()); }

QString receiptLabel(kyodo::OutboxState state)
{
    return localized(QString::fromUtf8(kyodo::receiptLabelJa(state)), QString::fromUtf8(kyodo::receiptLabelEn(state)));
}

QString receiptLabel(const QString &state)
{
    const auto s = kyodo::outboxStateFromString(state.toStdString());
    return s ? receiptLabel(*s) : QCoreApplication::translate("Kyodo", "不明");
}

QVariantList choiceList(const kyodo::FieldDef &field)
{
    QVariantList choices;
    for (const auto &v : field.values)
        choices << QVariantMap{{QStringLiteral("value"), fromStd(v.value)},
                               {QStringLiteral("label"), localized(fromStd(v.ja), fromStd(v.en))}};
    return choices;
}

QString fieldTypeText(FieldType type) { return QString::fromUtf8(kyodo::fieldTypeName(type)); }

QString displayDateTime(const QString &iso)
{
    static const char *const kWeekdayJa[] = {"月", "火", "水", "木", "金", "土", "日"};
    const QString text = iso.trimmed();
    QDate date;
    QTime time;
    if (text.size() == 10) {
        date = QDate::fromString(text, Qt::ISODate);
    } else {
        QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!at.isValid())
            at = QDateTime::fromString(QString(text).replace(QLatin1Char(' '), QLatin1Char('T')), Qt::ISODate);
        if (at.isValid() && at.timeSpec() != Qt::LocalTime)
            at = at.toLocalTime();
        date = at.date();
        time = at.time();
    }
    if (!date.isValid())
        return iso;
    const QString dayJa = QStringLiteral("%1年%2月%3日（%4）")
                              .arg(date.year())
                              .arg(date.month())
                              .arg(date.day())
                              .arg(QString::fromUtf8(kWeekdayJa[date.dayOfWeek() - 1]));
    const QString dayEn = QLocale(QLocale::English).toString(date, QStringLiteral("ddd d MMM yyyy"));
    if (!time.isValid())
        return localized(dayJa, dayEn);
    const QString hm = time.toString(QStringLiteral("HH:mm"));
    return localized(dayJa + QLatin1Char(' ') + hm, dayEn + QLatin1Char(' ') + hm);
}

int fiscalYearOf(const QDate &date) { return kyodo::fiscalYearOf(date.toString(Qt::ISODate).toStdString()); }

QString fiscalYearLabel(int fiscalYear)
{
    return localized(fromStd(kyodo::fiscalYearLabelJa(fiscalYear)), fromStd(kyodo::fiscalYearLabelEn(fiscalYear)));
}

QString displayValue(const kyodo::FieldDef &field, const json &value)
{
    if (value.is_null())
        return {};
    switch (field.type) {
    case FieldType::Attachments:
        // Files by their names (a history line, a list cell), never the entries' JSON.
        if (value.is_array()) {
            QStringList names;
            for (const json &e : value)
                if (e.is_object())
                    names << QString::fromStdString(e.value("name", ""));
            return names.join(QCoreApplication::translate("Kyodo", "、"));
        }
        break;
    case FieldType::Yen:
        if (value.is_number_integer())
            return QStringLiteral("¥") + QLocale(QLocale::Japanese).toString(value.get<qlonglong>());
        break;
    case FieldType::Int:
        // A year of the schemas' "fiscal_year" (entered as 2018) reads as the city writes it: 平成30年度.
        if (value.is_number_integer() && field.key == "fiscal_year")
            return fiscalYearLabel(value.get<int>());
        if (value.is_number_integer())
            return QLocale(QLocale::Japanese).toString(value.get<qlonglong>());
        break;
    case FieldType::Bool:
        if (value.is_boolean())
            return value.get<bool>() ? QCoreApplication::translate("Kyodo", "はい")
                                     : QCoreApplication::translate("Kyodo", "いいえ");
        break;
    case FieldType::Enum:
        if (value.is_string()) {
            for (const auto &v : field.values)
                if (v.value == value.get<std::string>())
                    return localized(fromStd(v.ja), fromStd(v.en));
        }
        break;
    case FieldType::Ward:
        if (value.is_string())
            return wardName(fromStd(value.get<std::string>()));
        break;
    case FieldType::Date:
    case FieldType::DateTime:
        if (value.is_string())
            return displayDateTime(fromStd(value.get<std::string>()));
        break;
    default: break;
    }
    return value.is_string() ? fromStd(value.get<std::string>()) : fromStd(value.dump());
}

QString titleText(const kyodo::SchemaSet *schemas, const kyodo::ViewRecord &record, kyodo::Replica *replica)
{
    const kyodo::TypeDef *type = schemas ? schemas->type(record.type) : nullptr;
    const kyodo::FieldDef *title = type ? type->field(type->title) : nullptr;
    if (!title || !record.fields.contains(type->title))
        return {};
    const kyodo::json &value = record.fields[type->title];
    return replica ? displayValueOn(*replica, schemas, *title, value) : displayValue(*title, value);
}

QString recordTitle(const kyodo::SchemaSet *schemas, const kyodo::ViewRecord &record, kyodo::Replica *replica)
{
    const kyodo::TypeDef *type = schemas ? schemas->type(record.type) : nullptr;
    if (!type)
        return fromStd(record.type);
    const QString text = titleText(schemas, record, replica);
    return text.isEmpty() ? localized(fromStd(type->labelJa), fromStd(type->labelEn)) : text;
}

QString displayValueOn(kyodo::Replica &replica, const kyodo::SchemaSet *schemas, const kyodo::FieldDef &field,
                       const json &value)
{
    if (field.type != FieldType::Ref || !value.is_string())
        return displayValue(field, value);
    auto target = replica.refTarget(value, field.refType);
    if (!target)
        return QCoreApplication::translate("Kyodo", "（この端末にない記録）");
    const QString title = recordTitle(schemas, target->record);
    return target->record.deleted()
               ? localized(title + QStringLiteral("（削除済み）"), title + QStringLiteral(" (deleted)"))
               : title;
}

json toFieldValue(const kyodo::FieldDef &field, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return nullptr;
    switch (field.type) {
    case FieldType::Int:
    case FieldType::Yen: {
        // People type "12,000" or "１２０００"; keep what they meant.
        QString text = value.toString().trimmed();
        text.remove(QLatin1Char(',')).remove(QChar(0xFF0C)).remove(QChar(0x00A5)).remove(QChar(0xFFE5));
        text = text.normalized(QString::NormalizationForm_KC);
        if (text.isEmpty())
            return nullptr;
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        return ok ? json(n) : json(text.toStdString()); // text: the validator names the error
    }
    case FieldType::Bool: return value.toBool();
    case FieldType::Attachments: {
        // The files picked on a form not saved yet (its strip's staged list),
        // or a draft's; none is no value, as for any other empty field.
        const bool text = value.typeId() == QMetaType::QString;
        if (text && value.toString().trimmed().isEmpty())
            return nullptr;
        const json files = text ? json::parse(value.toString().toStdString(), nullptr, false) : variantToJson(value);
        if (files.is_discarded())
            return value.toString().toStdString(); // the validator names the error
        return files.empty() ? json(nullptr) : files;
    }
    case FieldType::Enum: {
        // A choice may be typed by its label (電話) as well as by its value (phone).
        const std::string text = value.toString().trimmed().toStdString();
        if (text.empty())
            return nullptr;
        for (const auto &v : field.values)
            if (text == v.ja || text == v.en)
                return v.value;
        return text;
    }
    default: {
        const QString text = value.toString();
        if (text.trimmed().isEmpty())
            return nullptr;
        return text.toStdString();
    }
    }
}

QVariant toControlValue(const kyodo::FieldDef &field, const json &value)
{
    if (value.is_null())
        return field.type == FieldType::Bool ? QVariant(false) : QVariant(QString());
    if (field.type == FieldType::Bool && value.is_boolean())
        return value.get<bool>();
    if (value.is_number_integer())
        return QString::number(value.get<qlonglong>());
    if (value.is_string())
        return fromStd(value.get<std::string>());
    return fromStd(value.dump());
}

json fieldsFromControls(const kyodo::TypeDef *type, const QVariantMap &fields, bool dropEmpty)
{
    json out = json::object();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const kyodo::FieldDef *f = type ? type->field(it.key().toStdString()) : nullptr;
        const json value = f ? toFieldValue(*f, it.value()) : variantToJson(it.value());
        if (!(dropEmpty && value.is_null()))
            out[it.key().toStdString()] = value;
    }
    return out;
}

QString operationLabel(kyodo::Op op)
{
    switch (op) {
    case kyodo::Op::Create: return QCoreApplication::translate("Kyodo", "新規作成");
    case kyodo::Op::Edit: return QCoreApplication::translate("Kyodo", "編集");
    case kyodo::Op::Delete: return QCoreApplication::translate("Kyodo", "削除");
    case kyodo::Op::Restore: return QCoreApplication::translate("Kyodo", "復元");
    case kyodo::Op::Resolve: return QCoreApplication::translate("Kyodo", "競合の解決");
    case kyodo::Op::Move: return QCoreApplication::translate("Kyodo", "移動");
    }
    return {};
}

QString reportCellText(const kyodo::ReportColumn &column, qint64 value, const std::string &text)
{
    if (column.isText())
        return QString::fromStdString(
            kyodo::reportCellText(column, value, text, currentLanguage() == Language::English));
    const QString n = QLocale(QLocale::Japanese).toString(value);
    return column.unit == "yen" ? localized(n + QStringLiteral("円"), QStringLiteral("¥") + n) : n;
}

QVariant jsonToVariant(const json &value)
{
    switch (value.type()) {
    case json::value_t::null: return {};
    case json::value_t::boolean: return value.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return QVariant::fromValue(value.get<qlonglong>());
    case json::value_t::number_float: return value.get<double>();
    case json::value_t::string: return fromStd(value.get<std::string>());
    case json::value_t::array: {
        QVariantList list;
        for (const auto &v : value)
            list << jsonToVariant(v);
        return list;
    }
    case json::value_t::object: {
        QVariantMap map;
        for (auto it = value.begin(); it != value.end(); ++it)
            map.insert(fromStd(it.key()), jsonToVariant(it.value()));
        return map;
    }
    default: return {};
    }
}

json variantToJson(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType: return nullptr;
    case QMetaType::Bool: return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return value.toLongLong();
    case QMetaType::Double: {
        const double d = value.toDouble();
        return d == static_cast<double>(static_cast<qlonglong>(d)) ? json(static_cast<qlonglong>(d)) : json(d);
    }
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        json arr = json::array();
        for (const QVariant &v : value.toList())
            arr.push_back(variantToJson(v));
        return arr;
    }
    case QMetaType::QVariantMap: {
        json obj = json::object();
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            obj[it.key().toStdString()] = variantToJson(it.value());
        return obj;
    }
    default:
        if (value.isNull())
            return nullptr;
        return value.toString().toStdString();
    }
}

} // namespace Kyodo
