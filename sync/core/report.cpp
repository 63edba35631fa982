#include "report.h"

#include "messages.h"
#include "schema.h"

namespace kyodo {
namespace {

Error reportError(const std::string &where, const std::string &what)
{
    return errorOf(Msg::InvalidReportDefinition, {where, what});
}

void readLabel(const json &j, std::string &ja, std::string &en)
{
    if (j.contains("label") && j["label"].is_object()) {
        ja = j["label"].value("ja", "");
        en = j["label"].value("en", "");
    }
}

// "fiscal_year(received_at)" → ("fiscal_year", "received_at"); "party" → ("", "party").
std::pair<std::string, std::string> callOf(const std::string &expr)
{
    const auto open = expr.find('(');
    if (open == std::string::npos || expr.back() != ')')
        return {"", expr};
    return {expr.substr(0, open), expr.substr(open + 1, expr.size() - open - 2)};
}

} // namespace

std::string reportTypeOf(const json &j)
{
    return j.is_object() && j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>() : std::string();
}

Result<ReportFilter> parseReportFilter(const json &j, const TypeDef &type, const std::string &where)
{
    ReportFilter f;
    if (j.is_null())
        return f;
    if (!j.is_object())
        return reportError(where, "filter must be an object of field: value");
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!type.field(it.key()))
            return reportError(where, "filter names unknown field '" + it.key() + "' of " + type.id);
        ReportFilter::Term t;
        t.field = it.key();
        json value = it.value();
        if (value.is_object()) {
            if (!value.contains("not") || value.size() != 1)
                return reportError(where, "a filter object must be {\"not\": value}");
            t.negate = true;
            value = value["not"];
        }
        if (value.is_null())
            t.isNull = true;
        else if (value.is_array())
            t.anyOf.assign(value.begin(), value.end());
        else
            t.anyOf.push_back(value);
        if (!t.isNull && t.anyOf.empty())
            return reportError(where, "filter on '" + t.field + "' lists no values");
        for (const json &v : t.anyOf)
            if (Status st = validateFieldValue(*type.field(t.field), v); !st)
                return reportError(where,
                                   "filter value " + v.dump() + " for '" + t.field + "': " + st.error().messageEn);
        f.terms.push_back(std::move(t));
    }
    return f;
}

Result<ReportDef> parseReport(const json &j, const std::string &plugin, const TypeDef *type)
{
    ReportDef r;
    r.plugin = plugin;
    if (!j.is_object())
        return reportError(plugin, "not an object");
    r.id = j.value("id", "");
    const std::string where = r.id.empty() ? plugin : r.id;
    if (r.id.rfind(plugin + ".", 0) != 0)
        return reportError(where, "id must start with '" + plugin + ".'");
    readLabel(j, r.labelJa, r.labelEn);
    if (r.labelJa.empty() || r.labelEn.empty())
        return reportError(where, "label needs ja and en");
    if (j.contains("section") && (!j["section"].is_string() || j["section"].get<std::string>().empty() ||
                                  j["section"].get<std::string>().size() > 40))
        return reportError(where, "section must be a short text such as \"2(2)イ\"");
    r.section = j.value("section", "");
    r.type = reportTypeOf(j);
    if (!type)
        return reportError(where, "unknown record type '" + r.type + "'");

    if (!j.contains("group") || !j["group"].is_array())
        return reportError(where, "group must be an array");
    for (const json &g : j["group"]) {
        if (!g.is_string())
            return reportError(where, "a group is a string such as fiscal_year(date) or ward");
        const auto [fn, arg] = callOf(g.get<std::string>());
        ReportGroup group;
        if (fn == "fiscal_year") {
            // A date (its April–March year), or a whole number that is the year itself (年度 of a plan).
            const FieldDef *f = type->field(arg);
            if (!f || (f->type != FieldType::Date && f->type != FieldType::DateTime && f->type != FieldType::Int))
                return reportError(where,
                                   "fiscal_year() needs a date or year field of " + type->id + ", not '" + arg + "'");
            group.kind = ReportGroup::Kind::FiscalYear;
            group.yearField = f->type == FieldType::Int;
            group.field = arg;
            const TextPair label = textOf(Txt::FiscalYear);
            group.labelJa = label.ja;
            group.labelEn = label.en;
        } else if (fn == "ward" && arg == "scope") {
            // The ward of the record's scope (ward:<romaji>); a field named "ward" is grouped as a field.
            group.kind = ReportGroup::Kind::Ward;
            const TextPair label = textOf(Txt::Ward);
            group.labelJa = label.ja;
            group.labelEn = label.en;
        } else if (fn.empty()) {
            const FieldDef *f = type->field(arg);
            if (!f)
                return reportError(where, "group names unknown field '" + arg + "'");
            group.field = arg;
            group.labelJa = f->labelJa;
            group.labelEn = f->labelEn;
        } else {
            return reportError(where, "unknown group function '" + fn + "'");
        }
        r.groups.push_back(std::move(group));
    }
    auto filter = parseReportFilter(j.value("filter", json()), *type, where);
    if (!filter)
        return filter.error();
    r.filter = std::move(filter.value());

    if (!j.contains("columns") || !j["columns"].is_array() || j["columns"].empty())
        return reportError(where, "columns must be a non-empty array");
    for (const json &c : j["columns"]) {
        ReportColumn col;
        readLabel(c, col.labelJa, col.labelEn);
        if (col.labelJa.empty() || col.labelEn.empty())
            return reportError(where, "every column needs a label in ja and en");
        const auto [fn, arg] = callOf(c.value("agg", ""));
        if (fn.empty() && arg == "count") {
            col.agg = ReportColumn::Agg::Count;
        } else if (fn == "sum" || fn == "distinct" || fn == "first") {
            const FieldDef *f = type->field(arg);
            if (!f)
                return reportError(where, fn + "() names unknown field '" + arg + "'");
            if (fn == "sum" && f->type != FieldType::Int && f->type != FieldType::Yen)
                return reportError(where, "sum() needs a number or yen field, not '" + arg + "'");
            if (fn == "first" && f->type != FieldType::Text && f->type != FieldType::LongText)
                return reportError(where, "first() needs a text field, not '" + arg + "'");
            col.agg = fn == "sum"     ? ReportColumn::Agg::Sum
                      : fn == "first" ? ReportColumn::Agg::First
                                      : ReportColumn::Agg::Distinct;
            col.field = arg;
            if (f->type == FieldType::Yen && col.agg == ReportColumn::Agg::Sum)
                col.unit = "yen";
        } else {
            return reportError(where, "agg must be count, sum(field), distinct(field) or first(field)");
        }
        if (c.contains("order")) {
            if (col.agg != ReportColumn::Agg::First || !c["order"].is_string() ||
                !type->field(c["order"].get<std::string>()))
                return reportError(where, "order belongs to a first() column and names a field of " + type->id);
            col.order = c["order"].get<std::string>();
        }
        auto colFilter = parseReportFilter(c.value("filter", json()), *type, where);
        if (!colFilter)
            return colFilter.error();
        col.filter = std::move(colFilter.value());
        r.columns.push_back(std::move(col));
    }
    return r;
}

} // namespace kyodo
