// The app's models a plugin page may create, offered under Kyodo.Plugin:
// a list of records of a type (RecordListModel) and a schema-driven form
// (RecordForm), the same classes the generic pages use.
#pragma once

#include "recordform.h"
#include "recordlistmodel.h"

#include <QQmlEngine>

namespace Kyodo {

struct PluginRecordListModel {
    Q_GADGET
    QML_FOREIGN(Kyodo::RecordListModel)
    QML_NAMED_ELEMENT(RecordListModel)
};

struct PluginRecordForm {
    Q_GADGET
    QML_FOREIGN(Kyodo::RecordForm)
    QML_NAMED_ELEMENT(RecordForm)
};

} // namespace Kyodo
