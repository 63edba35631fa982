#include "reportengine.h"

#include "messages.h"
#include "scope.h"
#include "wareki.h"

#include <algorithm>
#include <map>

namespace kyodo {
namespace {

std::string fieldPath(const std::string &key)
{
    return "json_extract(v.fields, '$.\"" + key + "\"')"; // keys are schema identifiers
}

// The fiscal year of a date field, decided in Japan (kyodo_fiscal_year, sqlfunctions.h).
std::string fiscalYearExpr(const ReportGroup &g)
{
    return g.yearField ? fieldPath(g.field) : "kyodo_fiscal_year(" + fieldPath(g.field) + ")";
}

std::string keyExpr(const ReportGroup &g)
{
    switch (g.kind) {
    case ReportGroup::Kind::FiscalYear: return fiscalYearExpr(g);
    case ReportGroup::Kind::Ward: return "(CASE WHEN v.scope LIKE 'ward:%' THEN substr(v.scope, 6) END)";
    // Text groups compare folded (ＮＰＯ = NPO, 保土ヶ谷 = 保土ケ谷); numbers stay numbers.
    case ReportGroup::Kind::Field: return "kyodo_fold(" + fieldPath(g.field) + ")";
    }
    return "NULL";
}

// SQL for a filter, its parameters appended to `params`; "1" when empty.
std::string filterSql(const ReportFilter &f, std::vector<json> &params)
{
    std::string sql = "1";
    for (const auto &t : f.terms) {
        const std::string e = fieldPath(t.field);
        if (t.isNull) {
            sql += " AND " + e + (t.negate ? " IS NOT NULL" : " IS NULL");
            continue;
        }
        std::string list;
        for (const json &v : t.anyOf) {
            list += list.empty() ? "?" : ",?";
            params.push_back(v);
        }
        sql += t.negate ? " AND (" + e + " IS NULL OR " + e + " NOT IN (" + list + "))"
                        : " AND " + e + " IN (" + list + ")";
    }
    return sql;
}

void bindJson(Statement &st, int index, const json &v)
{
    if (v.is_boolean())
        st.bind(index, v.get<bool>() ? 1 : 0);
    else if (v.is_number_integer())
        st.bind(index, v.get<std::int64_t>());
    else if (v.is_string())
        st.bind(index, v.get<std::string>());
    else
        st.bindNull(index);
}

// A group key as stored: a JSON number stays a number, text stays text
// ("007" is not 7, and a 20-digit owner number is text, not an overflow).
json columnValue(const Statement &st, int column)
{
    switch (st.type(column)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return json(st.integer(column));
    case SQLITE_FLOAT: return json(st.real(column));
    default: return json(st.text(column));
    }
}

bool isWardGroup(const ReportGroup &g, const TypeDef *type);

// The key is named by a text of the catalogue (messages.h).
void setLabels(ReportKey &k, const TextPair &text)
{
    k.labelJa = text.ja;
    k.labelEn = text.en;
}

ReportKey labelKey(const ReportGroup &g, const TypeDef *type, const json &value)
{
    ReportKey k{value, {}, {}};
    if (value.is_null()) {
        setLabels(k, textOf(Txt::NotSet));
        return k;
    }
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    k.labelJa = k.labelEn = text;
    if (g.kind == ReportGroup::Kind::FiscalYear && value.is_number_integer()) {
        k.labelJa = fiscalYearLabelJa(value.get<int>());
        k.labelEn = fiscalYearLabelEn(value.get<int>());
    } else if (isWardGroup(g, type)) {
        if (const Ward *w = findWard(text)) {
            k.labelJa = w->ja;
            k.labelEn = text;
            if (!k.labelEn.empty())
                k.labelEn[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(k.labelEn[0])));
        }
    } else if (const FieldDef *f = type ? type->field(g.field) : nullptr) {
        if (f->type == FieldType::Bool) {
            const bool yes = value.is_number_integer() ? value.get<int>() != 0 : value == json(true);
            setLabels(k, textOf(yes ? Txt::Yes : Txt::No));
        }
        for (const auto &ev : f->values)
            if (ev.value == text) {
                k.labelJa = ev.ja;
                k.labelEn = ev.en;
            }
    }
    return k;
}

// Wards in the city's own order (鶴見区, 神奈川区, 西区, 中区 …), not by romaji.
int wardRank(const json &value)
{
    const auto &all = wards();
    for (size_t i = 0; i < all.size(); ++i)
        if (value.is_string() && value.get<std::string>() == all[i].romaji)
            return static_cast<int>(i);
    return static_cast<int>(all.size());
}

bool isWardGroup(const ReportGroup &g, const TypeDef *type)
{
    if (g.kind == ReportGroup::Kind::Ward)
        return true;
    const FieldDef *f = type && g.kind == ReportGroup::Kind::Field ? type->field(g.field) : nullptr;
    return f && f->type == FieldType::Ward;
}

// Text in the order people count: 第3期第6回 before 第3期第10回 (runs of digits compare as numbers).
bool naturalLess(const std::string &a, const std::string &b)
{
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            size_t ei = i, ej = j;
            while (ei < a.size() && digit(a[ei]))
                ++ei;
            while (ej < b.size() && digit(b[ej]))
                ++ej;
            std::string x = a.substr(i, ei - i), y = b.substr(j, ej - j);
            x.erase(0, std::min(x.find_first_not_of('0'), x.size() - 1));
            y.erase(0, std::min(y.find_first_not_of('0'), y.size() - 1));
            if (x.size() != y.size())
                return x.size() < y.size();
            if (x != y)
                return x < y;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

const FieldDef *refField(const ReportGroup &g, const TypeDef *type)
{
    const FieldDef *f = type && g.kind == ReportGroup::Kind::Field ? type->field(g.field) : nullptr;
    return f && f->type == FieldType::Ref ? f : nullptr;
}

bool rowBefore(const ReportDef &def, const TypeDef *type, const ReportRow &a, const ReportRow &b)
{
    for (size_t i = 0; i < def.groups.size(); ++i) {
        const json &x = a.keys[i].value, &y = b.keys[i].value;
        if (refField(def.groups[i], type)) {
            // By what the referenced record is called (第3期第6回 before 第3期第10回), then by id.
            const std::string &sx = a.keys[i].labelJa, &sy = b.keys[i].labelJa;
            if (naturalLess(sx, sy) != naturalLess(sy, sx))
                return naturalLess(sx, sy);
            if (x != y)
                return x < y;
        } else if (isWardGroup(def.groups[i], type)) {
            if (wardRank(x) != wardRank(y))
                return wardRank(x) < wardRank(y);
        } else if (x.is_string() && y.is_string()) {
            const auto &sx = x.get_ref<const std::string &>(), &sy = y.get_ref<const std::string &>();
            if (naturalLess(sx, sy) != naturalLess(sy, sx))
                return naturalLess(sx, sy);
        } else if (x != y) {
            return x < y; // nulls first, then numbers, then text
        }
    }
    return false;
}

} // namespace

void ReportEngine::nameReference(ReportKey &key, const std::string &refType)
{
    auto target = m_replica.refTarget(key.value, refType);
    if (!target) {
        setLabels(key, textOf(Txt::RecordNotOnDevice));
        return;
    }
    const json &fields = target->record.fields;
    const std::string &titleKey = target->type->title;
    const json title = fields.contains(titleKey) ? fields[titleKey] : json();
    if (title.is_null()) {
        key.labelJa = target->type->labelJa;
        key.labelEn = target->type->labelEn;
    } else {
        key.labelJa = key.labelEn = title.is_string() ? title.get<std::string>() : title.dump();
    }
    if (target->record.deleted()) {
        setLabels(key, textOf(Txt::DeletedRecord, {MessageArg::perLanguage(key.labelJa, key.labelEn)}));
    }
}

std::vector<const ReportDef *> ReportEngine::reports()
{
    const SchemaSet *set = m_replica.schemas();
    auto all = set ? set->reports() : std::vector<const ReportDef *>{};
    std::stable_sort(all.begin(), all.end(), [](const ReportDef *a, const ReportDef *b) {
        if (a->section.empty() != b->section.empty())
            return b->section.empty();
        return naturalLess(a->section, b->section);
    });
    return all;
}

Result<ReportTable> ReportEngine::run(const std::string &reportId, const ReportRange &range)
{
    const SchemaSet *set = m_replica.schemas();
    const ReportDef *def = set ? set->report(reportId) : nullptr;
    if (!def)
        return errorOf(Msg::ReportNotInSchemas, {reportId});
    return run(*def, range);
}

Result<ReportTable> ReportEngine::run(const ReportDef &def, const ReportRange &range)
{
    const SchemaSet *set = m_replica.schemas();
    const TypeDef *type = set ? set->type(def.type) : nullptr;
    auto fy = std::find_if(def.groups.begin(), def.groups.end(),
                           [](const ReportGroup &g) { return g.kind == ReportGroup::Kind::FiscalYear; });
    if ((range.fromFiscalYear || range.toFiscalYear) && fy == def.groups.end())
        return errorOf(Msg::ReportNotByFiscalYear, {def.id});
    try {
        // Parameters in the order they appear: the columns' filters, then the type, the report's filter and the range.
        std::vector<json> columnParams, whereParams;
        std::string keys, aggs;
        for (const auto &g : def.groups)
            keys += keyExpr(g) + ", ";
        for (const auto &c : def.columns) {
            const std::string cond = filterSql(c.filter, columnParams);
            switch (c.agg) {
            case ReportColumn::Agg::Count: aggs += "sum(CASE WHEN " + cond + " THEN 1 ELSE 0 END), "; break;
            case ReportColumn::Agg::Sum:
                aggs += "sum(CASE WHEN " + cond + " THEN " + fieldPath(c.field) + " ELSE 0 END), ";
                break;
            case ReportColumn::Agg::Distinct:
            case ReportColumn::Agg::First: // how many values; the first one is looked up below
                aggs += "count(DISTINCT CASE WHEN " + cond + " THEN kyodo_fold(" + fieldPath(c.field) + ") END), ";
                break;
            }
        }
        aggs.resize(aggs.size() - 2);
        std::string where = " FROM record_view v WHERE v.type=? AND v.cl % 2 = 1 AND ";
        whereParams.push_back(def.type);
        where += filterSql(def.filter, whereParams);
        if (fy != def.groups.end()) {
            if (range.fromFiscalYear) {
                where += " AND " + fiscalYearExpr(*fy) + " >= ?";
                whereParams.push_back(range.fromFiscalYear);
            }
            if (range.toFiscalYear) {
                where += " AND " + fiscalYearExpr(*fy) + " <= ?";
                whereParams.push_back(range.toFiscalYear);
            }
        }
        std::string groupBy;
        for (size_t i = 1; i <= def.groups.size(); ++i)
            groupBy += (groupBy.empty() ? "" : ", ") + std::to_string(i);

        ReportTable table{def, range, {}, {}};
        const int nGroups = static_cast<int>(def.groups.size());
        const size_t nColumns = def.columns.size();
        auto runQuery = [&](const std::string &sql, const std::vector<json> &params, auto &&onRow) {
            Statement st = m_replica.db().prepare(sql);
            for (size_t i = 0; i < params.size(); ++i)
                bindJson(st, static_cast<int>(i + 1), params[i]);
            while (st.step())
                onRow(st);
        };
        std::vector<json> params = columnParams;
        params.insert(params.end(), whereParams.begin(), whereParams.end());
        const std::string groupClause = groupBy.empty() ? "" : " GROUP BY " + groupBy + " ORDER BY " + groupBy;
        // Rows are grouped by their folded keys; each shows its key as typed
        // (the least of the spellings that fold together, e.g. NPO for ＮＰＯ).
        std::string shown;
        for (const auto &g : def.groups)
            shown += ", min(" + (g.kind == ReportGroup::Kind::Field ? fieldPath(g.field) : keyExpr(g)) + ")";
        std::vector<std::vector<json>> groupKeys; // per row, as grouped (folded)
        runQuery("SELECT " + keys + aggs + shown + where + groupClause, params, [&](const Statement &st) {
            ReportRow row;
            std::vector<json> grouped;
            for (int g = 0; g < nGroups; ++g) {
                grouped.push_back(columnValue(st, g));
                row.keys.push_back(labelKey(def.groups[static_cast<size_t>(g)], type,
                                            columnValue(st, nGroups + static_cast<int>(nColumns) + g)));
            }
            for (size_t c = 0; c < nColumns; ++c) {
                const int column = nGroups + static_cast<int>(c);
                row.values.push_back(st.isNull(column) ? 0 : st.integer(column));
            }
            row.texts.resize(nColumns);
            table.rows.push_back(std::move(row));
            groupKeys.push_back(std::move(grouped));
        });
        // first(): each group's earliest value, by the column's order (else the order of entry: ids are UUIDv7).
        for (size_t c = 0; c < nColumns; ++c) {
            const ReportColumn &col = def.columns[c];
            if (col.agg != ReportColumn::Agg::First)
                continue;
            std::vector<json> firstParams = whereParams;
            const std::string cond = filterSql(col.filter, firstParams);
            const std::string value = fieldPath(col.field);
            std::map<std::vector<json>, std::string> firstOf;
            runQuery("SELECT " + keys + value + where + " AND " + cond + " AND " + value + " IS NOT NULL ORDER BY " +
                         // A record without the order's value comes after those with one (SQLite puts NULL first).
                         (col.order.empty() ? "" : fieldPath(col.order) + " IS NULL, " + fieldPath(col.order) + ", ") +
                         "v.id",
                     firstParams, [&](const Statement &st) {
                         std::vector<json> key;
                         for (int g = 0; g < nGroups; ++g)
                             key.push_back(columnValue(st, g));
                         firstOf.emplace(std::move(key), st.text(nGroups));
                     });
            for (size_t r = 0; r < table.rows.size(); ++r)
                if (auto it = firstOf.find(groupKeys[r]); it != firstOf.end())
                    table.rows[r].texts[c] = it->second;
        }
        // A group by reference is a group per referenced record, named by its title.
        for (size_t g = 0; g < def.groups.size(); ++g)
            if (const FieldDef *f = refField(def.groups[g], type))
                for (ReportRow &row : table.rows)
                    nameReference(row.keys[g], f->refType);
        std::stable_sort(table.rows.begin(), table.rows.end(),
                         [&def, type](const ReportRow &a, const ReportRow &b) { return rowBefore(def, type, a, b); });
        // Totals: the same columns over every row at once (a distinct count is not a sum).
        runQuery("SELECT " + aggs + where, params, [&](const Statement &st) {
            for (size_t c = 0; c < nColumns; ++c)
                table.totals.push_back(st.isNull(static_cast<int>(c)) ? 0 : st.integer(static_cast<int>(c)));
        });
        // A table by fiscal year shows every year of the range, with zeros where nothing happened.
        if (def.groups.size() == 1 && fy != def.groups.end() && range.fromFiscalYear && range.toFiscalYear) {
            std::map<int, ReportRow> byYear;
            for (auto &r : table.rows)
                if (r.keys[0].value.is_number_integer())
                    byYear[r.keys[0].value.get<int>()] = std::move(r);
            table.rows.clear();
            for (int year = range.fromFiscalYear; year <= range.toFiscalYear; ++year) {
                auto it = byYear.find(year);
                table.rows.push_back(it != byYear.end() ? std::move(it->second)
                                                        : ReportRow{{labelKey(*fy, type, year)},
                                                                    std::vector<std::int64_t>(nColumns, 0),
                                                                    std::vector<std::string>(nColumns)});
            }
        }
        return table;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

} // namespace kyodo
