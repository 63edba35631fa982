#include "pgarray.h"

namespace kyodo::server {

void PgArray::add(const std::string &text)
{
    if (!m_items.empty())
        m_items += ',';
    m_items += '"';
    for (char c : text) {
        if (c == '"' || c == '\\')
            m_items += '\\';
        m_items += c;
    }
    m_items += '"';
}

void PgArray::add(std::int64_t number)
{
    if (!m_items.empty())
        m_items += ',';
    m_items += std::to_string(number);
}

} // namespace kyodo::server
